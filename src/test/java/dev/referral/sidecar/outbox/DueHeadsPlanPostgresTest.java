package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.referral.sidecar.support.Postgres;

/**
 * The dispatcher's pass on PostgreSQL reads the pending rows only, even when the statistics were taken during a
 * backlog that has drained since. With the full (state, id) index of V3 the planner believed 30 % of the rows were
 * pending and walked the whole table by primary key, filtering on state: 126-174 ms a pass over 100,000 rows, in a
 * loop while a backlog drained, on the hooks' cores (found by PostgreSQL's slow-statement log during the benchmark).
 */
@ExtendWith(Postgres.class)
class DueHeadsPlanPostgresTest {

    private static final String SCHEMA = "plan_" + ProcessHandle.current().pid();

    private Connection c;

    @BeforeEach
    void storeWithStaleStatistics() throws SQLException, IOException {
        c = Postgres.open();
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("SET search_path = " + SCHEMA);
            Migrations.apply(c, "postgresql");
            // Statistics are taken by hand below and must stay as they were: no autovacuum analyses this table.
            s.execute("ALTER TABLE outbox SET (autovacuum_enabled = false)");
            // A backlog: 100,000 rows of 50 customers, the last 30,000 pending, and the statistics taken then.
            s.execute("INSERT INTO outbox (operation, dedupe_key, lane, payload, fingerprint, state, next_attempt_at, "
                    + "created_at, updated_at) SELECT 'PURCHASE', 'k' || i, 'c' || (i % 50), '{}', 'f', "
                    + "CASE WHEN i <= 70000 THEN 'DELIVERED' ELSE 'PENDING' END, 0, 0, 0 "
                    + "FROM generate_series(1, 100000) i");
            s.execute("ANALYZE outbox");
            // Then the backlog drains: 500 rows stay pending, the statistics still say 30,000.
            s.execute("UPDATE outbox SET state = 'DELIVERED' WHERE id <= 99500");
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
        c.close();
    }

    @Test
    void aPassReadsThePendingRowsWhateverTheStatistics() throws SQLException {
        String plan = plan(Outbox.dueHeads(""));
        assertTrue(plan.contains("index scan using outbox_pending on outbox "), plan);
        assertFalse(plan.contains("outbox_pkey") || plan.contains("seq scan"), plan);
    }

    /** While writes are paused only relays are sent: the rows are found by an index, never the table's walk. */
    @Test
    void aPassOverRelaysOnlyIsNoWalkOfTheTableEither() throws SQLException {
        String plan = plan(Outbox.dueHeads("AND operation = 'RELAY' "));
        assertFalse(plan.contains("outbox_pkey") || plan.contains("seq scan"), plan);
    }

    @Test
    void theOutboxFiguresReadThePendingAndDeadRowsOnly() throws SQLException {
        String pending = plan("SELECT COUNT(*), COALESCE(MIN(created_at), 0) FROM outbox WHERE state = 'PENDING'");
        assertTrue(pending.contains("outbox_pending"), pending);
        String dead = plan("SELECT operation, COUNT(*) FROM outbox WHERE state = 'DEAD' GROUP BY operation");
        assertTrue(dead.contains("outbox_dead"), dead);
    }

    /** EXPLAIN of {@code sql} with every parameter bound to 1 (times, limits). */
    private String plan(String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setLong(i, 1L);
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
