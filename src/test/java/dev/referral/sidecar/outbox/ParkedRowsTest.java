package dev.referral.sidecar.outbox;

import java.nio.file.Path;
import java.sql.Connection;

import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** {@link ParkedRowsContract} on SQLite. */
class ParkedRowsTest extends ParkedRowsContract {

    @TempDir
    Path dir;

    @Override
    Connection newStore() throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("parked.db"));
        Migrations.apply(ds, "sqlite");
        return ds.getConnection();
    }

    @Override
    boolean postgres() {
        return false;
    }
}
