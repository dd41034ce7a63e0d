package dev.referral.sidecar.outbox;

import io.quarkus.test.junit.QuarkusTest;

/** {@link WriterConnectionRetentionContract} on the default store, SQLite. */
@QuarkusTest
class WriterConnectionRetentionTest extends WriterConnectionRetentionContract {

    @Override
    String dataSourceName() {
        return "sqlite";
    }
}
