package dev.referral.sidecar.outbox;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.referral.sidecar.support.Postgres;
import dev.referral.sidecar.support.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link WriterConnectionRetentionContract} on PostgreSQL, whose writers keep their statements the same way. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@ExtendWith(Postgres.class)
class WriterConnectionRetentionPostgresTest extends WriterConnectionRetentionContract {

    @Override
    String dataSourceName() {
        return "postgresql";
    }
}
