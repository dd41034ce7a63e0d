package dev.referral.sidecar.delivery;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.referral.sidecar.support.Postgres;
import dev.referral.sidecar.support.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Backlog metrics and the retention walk again, on a real PostgreSQL server. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@ExtendWith(Postgres.class)
class OutboxHousekeepingPostgresTest extends OutboxHousekeepingTest {
}
