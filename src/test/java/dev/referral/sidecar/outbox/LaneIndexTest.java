package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A customer with thousands of delivered purchases must not make the next accept or claim slower: "is this lane
 * free?" and "is this row its lane's head?" read only the lane's open rows, through the partial index
 * outbox_lane_open (without it, both walked every row of the lane, and a busy customer's hook got slower with each
 * purchase).
 */
class LaneIndexTest {

    @TempDir
    Path dir;

    private Connection c;

    @BeforeEach
    void storeWithEveryMigration() throws SQLException, IOException {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("plan.db"));
        Migrations.apply(ds, "sqlite");
        c = ds.getConnection();
    }

    /**
     * Each index costs an entry on every insert and every change of state. The full (lane, id) index of V1 was read
     * by no query once outbox_lane_open existed; V4 drops it (PostgreSQL sign-ups, alternating runs: 990-1,250 req/s
     * with it, 1,760-1,880 without). V5 replaces the full (state, id) index by two partial ones, pending and dead
     * rows only (see DueHeadsPlanPostgresTest): a delivered row has no entry in them. An index is here only when a
     * query reads it.
     */
    @Test
    void theOutboxKeepsOnlyTheIndexesItsQueriesRead() throws SQLException {
        Set<String> indexes = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master "
                + "WHERE type = 'index' AND tbl_name = 'outbox' AND name NOT LIKE 'sqlite_autoindex%'")) {
            while (rs.next()) {
                indexes.add(rs.getString(1));
            }
        }
        assertEquals(Set.of("outbox_dead", "outbox_dedupe", "outbox_lane_open", "outbox_pending", "outbox_relays"),
                indexes);
    }

    @Test
    void aLaneIsCheckedThroughItsOpenRowsOnly() throws SQLException {
        String plan = plan("SELECT " + OutboxIntake.HEADS_ITS_LANE, "lane");
        assertTrue(plan.contains("outbox_lane_open"), plan);
    }

    @Test
    void theHeadOfALaneIsFoundThroughItsOpenRowsOnly() throws SQLException {
        String plan = plan("SELECT id FROM outbox WHERE id = ? AND " + LaneHeads.HEAD_OF_LANE, 1L);
        assertTrue(plan.contains("SEARCH p USING INDEX outbox_lane_open"), plan);
    }

    /**
     * Blocked rows: the dead letters are found by state once, and joined with the open rows; no per-row subquery
     * walking the lane (quadratic in a backlog) and no scan of the whole table.
     */
    @Test
    void rowsBehindADeadLetterAreFoundWithoutAPerRowLaneWalk() throws SQLException {
        String plan = plan("SELECT COUNT(*) " + OutboxFigures.BLOCKED);
        assertTrue(plan.contains("SEARCH outbox USING INDEX outbox_dead (state=?)"), plan);
        // The lanes with a dead letter (a few) are read from the dead letters' index, never the table.
        assertTrue(!plan.contains("CORRELATED") && !plan.contains("SCAN o") && !plan.contains("SCAN outbox"), plan);
    }

    /**
     * The dispatcher's pass reads the unparked pending rows that are due, in the order they fell due, straight from
     * the index: its walk is bounded by the time (index range {@code next_attempt_at<?}), so rows queued behind
     * their lane's open row (parked) and rows waiting for their next attempt are never read, and nothing is sorted.
     * Before V6 the pass walked the pending rows by id and filtered on the time: every row of a backlog whose heads
     * were not due, on every pass. While writes are paused, relays are read through their own index.
     */
    @Test
    void aPassReadsOnlyTheDueUnparkedRowsWithoutSorting() throws SQLException {
        String plan = plan(LaneHeads.dueHeads(false), 1L, 1L, 32);
        assertTrue(plan.contains("SEARCH outbox USING INDEX outbox_pending (parked=? AND next_attempt_at<?)"), plan);
        assertTrue(!plan.contains("TEMP B-TREE"), plan);
        String relays = plan(LaneHeads.dueHeads(true), 1L, 1L, 32);
        assertTrue(relays.contains("SEARCH outbox USING INDEX outbox_relays (operation=? AND next_attempt_at<?)"), relays);
        assertTrue(!relays.contains("TEMP B-TREE"), relays);
    }

    private String plan(String sql, Object... args) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(4)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
