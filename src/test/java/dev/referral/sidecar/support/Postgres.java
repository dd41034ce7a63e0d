package dev.referral.sidecar.support;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where the test PostgreSQL server is. Tests that need it run when it is configured; with {@code CI=true} they
 * always run, so a CI machine without the server fails instead of silently skipping them.
 * <p>
 * Each test JVM works in a schema of its own ({@code currentSchema} on the URL), created on first use and dropped at
 * exit: two suites on one database (a CI run beside a developer's run, a benchmark, the failsafe JVM beside the
 * surefire one) never see each other's rows, and a dispatcher of one never claims the rows of another.
 */
public final class Postgres implements ExecutionCondition {

    private static final String SCHEMA = "run_" + ProcessHandle.current().pid() + "_"
            + Long.toHexString(System.nanoTime() & 0xffffffL);
    private static volatile boolean schemaCreated;

    /** The server's URL ({@code SIDECAR_TEST_PG_URL}) pointed at this JVM's own schema. */
    public static String url() {
        String server = serverUrl();
        ensureSchema(server);
        return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    private static String serverUrl() {
        return env("SIDECAR_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/sidecar_test");
    }

    private static synchronized void ensureSchema(String server) {
        if (schemaCreated) {
            return;
        }
        try (Connection c = connect(server)) {
            c.createStatement().execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            schemaCreated = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(server), "drop-test-schema"));
        } catch (SQLException e) {
            // No server: the tests that use it fail on their own connection, with the driver's message.
        }
    }

    private static void dropSchema(String server) {
        try (Connection c = connect(server)) {
            c.createStatement().execute("SET lock_timeout = '5s'");
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            // Left behind: harmless, and .ci/run recreates the database anyway.
        }
    }

    /** A connection to this JVM's schema. */
    public static Connection open() throws SQLException {
        return connect(url());
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
        try (Connection c = connect(serverUrl())) {
            return ConditionEvaluationResult.enabled("PostgreSQL answers at " + serverUrl());
        } catch (SQLException e) {
            return ConditionEvaluationResult.disabled("No PostgreSQL at " + serverUrl()
                    + " (set SIDECAR_TEST_PG_URL)");
        }
    }

    /** Straight through the driver: DriverManager may not see it from a Quarkus test's class loader. */
    private static Connection connect(String url) throws SQLException {
        java.util.Properties credentials = new java.util.Properties();
        credentials.setProperty("user", user());
        credentials.setProperty("password", password());
        Connection c = new org.postgresql.Driver().connect(url, credentials);
        if (c == null) {
            throw new SQLException("Not a PostgreSQL URL: " + url);
        }
        return c;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
