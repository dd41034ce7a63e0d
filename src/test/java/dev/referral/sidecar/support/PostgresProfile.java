package dev.referral.sidecar.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The sidecar on a real PostgreSQL server, whose URL and credentials {@code .ci/run} exports
 * ({@code SIDECAR_TEST_PG_URL}, {@code SIDECAR_TEST_PG_USER}, {@code SIDECAR_TEST_PG_PASSWORD}).
 */
public class PostgresProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("sidecar.store.url", Postgres.url(), "sidecar.store.username", Postgres.user(),
                "sidecar.store.password", Postgres.password());
    }
}
