package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** Flyway is skipped only when its history says every migration of this build was applied successfully. */
class SchemaVersionTest {

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");

    @TempDir
    Path dir;

    @Test
    void latestIsTheHighestMigrationThisBuildCarries() throws IOException {
        // db/migration (both databases), db/sqlite and db/postgresql (each one's own): each store's highest.
        for (String own : new String[] {"sqlite", "postgresql"}) {
            int highest = 0;
            for (String location : new String[] {"migration", own}) {
                try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", location))) {
                    highest = Math.max(highest, files.map(f -> MIGRATION.matcher(f.getFileName().toString()))
                            .filter(Matcher::matches).mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0));
                }
            }
            assertEquals(highest, SchemaVersion.LATEST, "raise SchemaVersion.LATEST with every new migration");
        }
    }

    @Test
    void aNewStoreIsBehind() {
        assertFalse(SchemaVersion.upToDate(store()));
    }

    @Test
    void aStoreAtTheLatestVersionIsUpToDate() throws SQLException {
        SQLiteDataSource store = store();
        history(store, "INSERT INTO flyway_schema_history VALUES (NULL, 1), ('" + SchemaVersion.LATEST + "', 1)");
        assertTrue(SchemaVersion.upToDate(store));
    }

    @Test
    void anOlderOrFailedHistoryIsBehind() throws SQLException {
        SQLiteDataSource older = store();
        history(older, "INSERT INTO flyway_schema_history VALUES ('" + (SchemaVersion.LATEST - 1) + "', 1)");
        assertFalse(SchemaVersion.upToDate(older));

        SQLiteDataSource failed = store();
        history(failed, "INSERT INTO flyway_schema_history VALUES ('" + SchemaVersion.LATEST + "', 0)");
        assertFalse(SchemaVersion.upToDate(failed));
    }

    private SQLiteDataSource store() {
        SQLiteDataSource store = new SQLiteDataSource();
        store.setUrl("jdbc:sqlite:" + dir.resolve(System.nanoTime() + ".db"));
        return store;
    }

    private static void history(SQLiteDataSource store, String insert) throws SQLException {
        try (Connection c = store.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE flyway_schema_history (version VARCHAR(50), success BOOLEAN NOT NULL)");
            s.execute(insert);
        }
    }
}
