package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * The start-up shortcut around Flyway: one query on Flyway's own history table tells whether the store already has
 * every migration this build carries. Only when it does not (a new store, an older one, a failed migration) is
 * Flyway started, which costs far more than the query (docs/deploy.md, "Where the start goes").
 */
final class SchemaVersion {

    /**
     * The highest {@code V<n>__*.sql} of this build ({@code db/migration}, and each database's own {@code db/sqlite}
     * or {@code db/postgresql}); SchemaVersionTest keeps it in step.
     */
    static final int LATEST = 9;

    private SchemaVersion() {
    }

    /** True when every migration up to {@link #LATEST} was applied successfully and none failed. */
    static boolean upToDate(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT version, success FROM flyway_schema_history "
                        + "WHERE version IS NOT NULL")) {
            int highest = 0;
            while (rows.next()) {
                if (!rows.getBoolean(2)) {
                    return false;
                }
                highest = Math.max(highest, parse(rows.getString(1)));
            }
            return highest >= LATEST;
        } catch (SQLException e) {
            // No history table yet (a new store) or no answer: Flyway decides, and reports what is wrong.
            return false;
        }
    }

    private static int parse(String version) {
        try {
            return Integer.parseInt(version.trim());
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
