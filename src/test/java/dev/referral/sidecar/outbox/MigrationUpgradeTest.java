package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import dev.referral.sidecar.support.Postgres;

/**
 * A store made by an earlier build (migrations up to V4, rows in every state) takes V5-V7 on its next start: the rows
 * stay, the full (state, id) index goes, the partial indexes of pending and dead rows hold exactly those rows, and a
 * row already queued behind its lane's first open row is parked. A V7 store takes V8: a head left parked by V7's
 * accept race is unparked.
 */
class MigrationUpgradeTest {

    @TempDir
    Path dir;

    @Test
    void aSqliteStoreOfThePreviousBuildIsUpgraded() throws SQLException, IOException {
        SQLiteDataSource store = new SQLiteDataSource();
        store.setUrl("jdbc:sqlite:" + dir.resolve("old.db"));
        upgrade(store, "sqlite");
        try (Connection c = store.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index' "
                        + "AND tbl_name = 'outbox' AND name NOT LIKE 'sqlite_autoindex%'")) {
            Set<String> indexes = new TreeSet<>();
            while (rs.next()) {
                indexes.add(rs.getString(1));
            }
            assertEquals(Set.of("outbox_dead", "outbox_dedupe", "outbox_lane_open", "outbox_pending",
                    "outbox_relays"), indexes);
            assertEquals(5, Jdbc.count(c,
                    "SELECT COUNT(*) FROM outbox INDEXED BY outbox_pending WHERE state = 'PENDING'"));
            assertEquals(1, Jdbc.count(c,
                    "SELECT COUNT(*) FROM outbox INDEXED BY outbox_dead WHERE state = 'DEAD'"));
        }
    }

    @Test
    @ExtendWith(Postgres.class)
    void aPostgresqlStoreOfThePreviousBuildIsUpgraded() throws SQLException, IOException {
        String schema = "upgrade_" + ProcessHandle.current().pid();
        try (Connection admin = Postgres.open(); Statement s = admin.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
            DataSource store = Migrations.postgres(schema);
            upgrade(store, "postgresql");
            try (Connection c = store.getConnection()) {
                Set<String> indexes = new TreeSet<>();
                try (Statement q = c.createStatement(); ResultSet rs = q.executeQuery("SELECT indexname FROM "
                        + "pg_indexes WHERE schemaname = '" + schema + "' AND tablename = 'outbox'")) {
                    while (rs.next()) {
                        indexes.add(rs.getString(1));
                    }
                }
                assertEquals(Set.of("outbox_dead", "outbox_dedupe", "outbox_lane_open", "outbox_pending",
                        "outbox_pkey", "outbox_relays"), indexes);
                assertEquals(7, Jdbc.count(c, "SELECT COUNT(*) FROM outbox"));
            } finally {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /**
     * Migrates {@code store} to V4 and writes a pending, a dead, a delivered and a pending row of one lane; then to
     * V7, and writes a lane's head with a row parked behind it, and a head an accept race left parked; then to the
     * latest.
     */
    private static void upgrade(DataSource store, String datasource) throws SQLException, IOException {
        Migrations.flyway(store, datasource).target("4").load().migrate();
        try (Connection c = store.getConnection(); Statement s = c.createStatement()) {
            String[] states = {"PENDING", "DEAD", "DELIVERED", "PENDING"};
            for (int i = 0; i < states.length; i++) {
                s.execute("INSERT INTO outbox (operation, dedupe_key, lane, payload, fingerprint, state, "
                        + "next_attempt_at, created_at, updated_at) VALUES ('PURCHASE', 'k" + i + "', 'c', '{}', "
                        + "'f', '" + states[i] + "', 0, 0, 0)");
            }
        }
        Migrations.flyway(store, datasource).target("7").load().migrate();
        try (Connection c = store.getConnection(); Statement s = c.createStatement()) {
            // V6: the lane's first row stays unparked, the pending row queued behind it is parked.
            assertEquals(1, Jdbc.count(c, "SELECT COUNT(*) FROM outbox WHERE parked = 1"));
            assertEquals(1, Jdbc.count(c, "SELECT COUNT(*) FROM outbox WHERE parked = 1 AND dedupe_key = 'k3'"));
            String[][] rows = {{"d0", "d", "0"}, {"d1", "d", "1"}, {"e0", "e", "1"}};
            for (String[] row : rows) {
                s.execute("INSERT INTO outbox (operation, dedupe_key, lane, payload, fingerprint, state, "
                        + "next_attempt_at, created_at, updated_at, parked) VALUES ('PURCHASE', '" + row[0] + "', '"
                        + row[1] + "', '{}', 'f', 'PENDING', 0, 0, 0, " + row[2] + ")");
            }
        }
        Migrations.apply(store, datasource);
        assertTrue(SchemaVersion.upToDate(store), "the history has every migration of this build");
        try (Connection c = store.getConnection()) {
            // V8: the stranded head is unparked; the rows queued behind an open row stay parked.
            assertEquals(Set.of("k3", "d1"), keys(c, "parked = 1"));
        }
    }

    private static Set<String> keys(Connection c, String where) throws SQLException {
        Set<String> keys = new TreeSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT dedupe_key FROM outbox WHERE " + where)) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }
}
