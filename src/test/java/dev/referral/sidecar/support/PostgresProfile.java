package dev.referral.sidecar.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The sidecar on a real PostgreSQL server, whose URL and credentials {@code .ci/run} exports
 * ({@code SIDECAR_TEST_PG_URL}, {@code SIDECAR_TEST_PG_USER}, {@code SIDECAR_TEST_PG_PASSWORD}), with two store
 * writers: the count a server a network away gets, whose lanes and marks these tests check. The local server would
 * get one by default (WriterCountTest).
 */
public class PostgresProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("sidecar.store.url", Postgres.url(), "sidecar.store.username", Postgres.user(),
                "sidecar.store.password", Postgres.password(), "sidecar.store.writers", "2");
    }
}
