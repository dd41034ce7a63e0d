package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.referral.sidecar.support.Postgres;

/** {@link UpdateBatchContract} on PostgreSQL, where a batch is one round trip and a failure aborts the transaction. */
@ExtendWith(Postgres.class)
class UpdateBatchPostgresTest extends UpdateBatchContract {

    @Override
    Connection open() throws SQLException {
        return Postgres.open();
    }
}
