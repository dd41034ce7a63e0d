package dev.referral.sidecar.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** {@link UpdateBatchContract} on a SQLite file. */
class UpdateBatchTest extends UpdateBatchContract {

    /** A new file per test (JUnit makes an instance per test), there before the contract's own set-up runs. */
    private final Path file;

    UpdateBatchTest() throws IOException {
        file = Files.createTempDirectory(Path.of("target"), "update-batch-").resolve("store.db");
    }

    /** Through the driver itself: DriverManager may not see the driver after a Quarkus test ran. */
    @Override
    Connection open() throws SQLException {
        return new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new java.util.Properties());
    }
}
