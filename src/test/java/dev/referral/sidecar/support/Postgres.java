package dev.referral.sidecar.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where the test PostgreSQL server is. Tests that need it run when it is configured; with {@code CI=true} they
 * always run, so a CI machine without the server fails instead of silently skipping them.
 */
public final class Postgres implements ExecutionCondition {

    public static String url() {
        return env("SIDECAR_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/sidecar_test");
    }

    public static String user() {
        return env("SIDECAR_TEST_PG_USER", "sidecar");
    }

    public static String password() {
        return env("SIDECAR_TEST_PG_PASSWORD", "sidecar");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if ("true".equals(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("CI=true: PostgreSQL tests always run");
        }
        try (Connection c = DriverManager.getConnection(url(), user(), password())) {
            return ConditionEvaluationResult.enabled("PostgreSQL answers at " + url());
        } catch (SQLException e) {
            return ConditionEvaluationResult.disabled("No PostgreSQL at " + url() + " (set SIDECAR_TEST_PG_URL)");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
