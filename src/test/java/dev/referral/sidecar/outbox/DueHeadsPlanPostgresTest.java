package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.referral.sidecar.support.Postgres;

/**
 * The dispatcher's pass on PostgreSQL reads the pending rows only, even when the statistics were taken during a
 * backlog that has drained since. With the full (state, id) index of V3 the planner believed 30 % of the rows were
 * pending and walked the whole table by primary key, filtering on state: 126-174 ms a pass over 100,000 rows, in a
 * loop while a backlog drained, on the hooks' cores (found by PostgreSQL's slow-statement log during the benchmark).
 * And the other way round: statistics of an empty queue must not turn the head-of-lane check quadratic. And an
 * accept probes its lane once, not once per place its insert reads the answer.
 */
@ExtendWith(Postgres.class)
class DueHeadsPlanPostgresTest {

    private static final String SCHEMA = "plan_" + ProcessHandle.current().pid();

    private Connection c;

    @BeforeEach
    void storeWithEveryMigration() throws SQLException, IOException {
        c = Postgres.open();
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            Migrations.apply(Migrations.postgres(SCHEMA), "postgresql");
            s.execute("SET search_path = " + SCHEMA);
            // Statistics are taken by hand below and must stay as they were: no autovacuum analyses this table.
            s.execute("ALTER TABLE outbox SET (autovacuum_enabled = false)");
        }
    }

    /** A backlog: 100,000 rows of 50 customers, the last 30,000 pending, and the statistics taken then; 500 left. */
    private void statisticsOfABacklogThatDrained() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(insertRows(1, 100000, "CASE WHEN i <= 70000 THEN 'DELIVERED' ELSE 'PENDING' END", "0"));
            s.execute("ANALYZE outbox");
            s.execute("UPDATE outbox SET state = 'DELIVERED' WHERE id <= 99500");
        }
    }

    /**
     * The other way round, an outage: statistics of a store with nothing pending, then 10,000 rows queue up behind
     * 50 customers whose first rows wait for their next attempt.
     */
    private void statisticsOfAnEmptyQueueThenABacklog() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(insertRows(1, 100000, "'DELIVERED'", "0"));
            s.execute("ANALYZE outbox");
            s.execute(insertRows(100001, 110000, "'PENDING'", "CASE WHEN i <= 100050 THEN 10 ELSE 0 END"));
            // As the accept leaves them: every row behind its lane's first is parked.
            s.execute("UPDATE outbox SET parked = 1 WHERE id > 100050");
        }
    }

    private static String insertRows(int from, int to, String state, String nextAttemptAt) {
        return "INSERT INTO outbox (operation, dedupe_key, lane, payload, fingerprint, state, next_attempt_at, "
                + "created_at, updated_at) SELECT 'PURCHASE', 'k' || i, 'c' || (i % 50), '{}', 'f', " + state + ", "
                + nextAttemptAt + ", 0, 0 FROM generate_series(" + from + ", " + to + ") i";
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
        c.close();
    }

    /**
     * The pass reads the unparked pending rows that are due, bounded by the time in the index itself (an index
     * condition, not a filter), whatever the statistics: rows parked behind their lane's open row and rows waiting for
     * their next attempt are never read.
     */
    @Test
    void aPassReadsTheDueUnparkedRowsWhateverTheStatistics() throws SQLException, IOException {
        statisticsOfABacklogThatDrained();
        assertBoundedByTheTime(plan(LaneHeads.dueHeads(false)), "outbox_pending", "parked = 0",
                "next_attempt_at <=");
        dropSchema();
        storeWithEveryMigration();
        statisticsOfAnEmptyQueueThenABacklog();
        assertBoundedByTheTime(plan(LaneHeads.dueHeads(false)), "outbox_pending", "parked = 0",
                "next_attempt_at <=");
    }

    /** While writes are paused only relays are sent: through their own index, never the other pending rows. */
    @Test
    void aPassOverRelaysOnlyReadsTheDueRelaysOnly() throws SQLException {
        statisticsOfABacklogThatDrained();
        assertBoundedByTheTime(plan(LaneHeads.dueHeads(true)), "outbox_relays", "next_attempt_at <=");
    }

    /**
     * An outage, measured: 10,000 rows queued behind 50 customers whose first rows wait for their next attempt. The
     * pass reads no row at all (before V6 it walked all 10,000, with a head probe each: 101 ms a pass).
     */
    @Test
    void aPassOverABacklogWhoseHeadsWaitReadsNothing() throws SQLException {
        statisticsOfAnEmptyQueueThenABacklog();
        String analysed = plan("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ", LaneHeads.dueHeads(false), 5L);
        assertTrue(analysed.lines().anyMatch(l -> l.contains("index scan using outbox_pending")
                && l.contains("(actual rows=0 loops=1)")), analysed);
    }

    /** The plan reads {@code index} with every one of {@code conditions} in its (first) index condition. */
    private static void assertBoundedByTheTime(String plan, String index, String... conditions) {
        assertTrue(plan.contains("index scan using " + index + " on outbox"), plan);
        String bound = plan.lines().filter(l -> l.contains("index cond:")).findFirst().orElse("");
        for (String condition : conditions) {
            assertTrue(bound.contains(condition), condition + " in\n" + plan);
        }
        assertFalse(plan.contains("outbox_pkey") || plan.contains("seq scan") || plan.contains("sort"), plan);
    }

    @Test
    void theOutboxFiguresReadThePendingAndDeadRowsOnly() throws SQLException {
        statisticsOfABacklogThatDrained();
        String pending = plan(OutboxFigures.PENDING_AND_OLDEST);
        assertTrue(pending.contains("outbox_pending"), pending);
        String dead = plan(OutboxFigures.DEAD_BY_OPERATION);
        assertTrue(dead.contains("outbox_dead"), dead);
    }

    /**
     * Each pending row's "is it its lane's head?" is one probe of its own lane in outbox_lane_open. As a NOT EXISTS
     * anti-join, the planner, believing the queue empty, compared every pending row with every open row instead
     * (a join filter): 13 s a pass over 10,000 queued rows, 2-3 s a pass in the benchmark's prewarm.
     */
    @Test
    void eachRowIsCheckedAgainstItsOwnLaneOnlyWhateverTheStatistics() throws SQLException {
        statisticsOfAnEmptyQueueThenABacklog();
        for (String sql : new String[] {LaneHeads.dueHeads(false), LaneHeads.dueHeads(true),
                "SELECT id FROM outbox WHERE id = ? AND " + LaneHeads.HEAD_OF_LANE}) {
            String plan = plan(sql);
            assertTrue(plan.lines().anyMatch(line -> line.contains("index cond: ((lane = (outbox.lane)::text)")), plan);
            assertFalse(plan.contains("join filter"), plan);
        }
    }

    /**
     * PostgreSQL's accept looks at its lane's open rows twice, whatever its start: once for "does the row head its
     * lane?" and once to lock the row ahead. The lane's answer is read in several places of the insert (the claim's
     * three columns, the lock's filter); flattened into the insert, its NOT EXISTS was planned once per place, four
     * probes of outbox_lane_open per purchase where one answers them all.
     */
    @ParameterizedTest
    @EnumSource(OutboxIntake.Start.class)
    void anAcceptReadsItsLaneOnceAndLocksOnce(OutboxIntake.Start start) throws SQLException {
        String plan = plan("EXPLAIN (COSTS OFF) ", OutboxIntake.insertLocked(start), "1");
        assertEquals(2, plan.lines().filter(line -> line.contains("using outbox_lane_open")).count(), plan);
    }

    /** EXPLAIN of {@code sql} with every parameter bound to 1 (times, limits). */
    private String plan(String sql) throws SQLException {
        return plan("EXPLAIN ", sql, 1L);
    }

    /**
     * {@code explain} of {@code sql} with every parameter bound to {@code value}: a number, or a string sent as an
     * untyped literal (for statements with text and number parameters alike).
     */
    private String plan(String explain, String sql, Object value) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement(explain + sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setObject(i, value, value instanceof String ? Types.OTHER : Types.BIGINT);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1).toLowerCase(java.util.Locale.ROOT)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
