package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.referral.sidecar.support.Postgres;

/**
 * PostgreSQL's accept looks at its lane's open rows twice, whatever its start: once for "does the row head its lane?"
 * and once to lock the row ahead. The lane's answer is read in several places of the insert (the claim's three
 * columns, the lock's filter); flattened into the insert, its NOT EXISTS was planned once per place, four probes of
 * outbox_lane_open per purchase where one answers them all.
 */
@ExtendWith(Postgres.class)
class AcceptPlanPostgresTest {

    private static final String SCHEMA = "accept_plan_" + ProcessHandle.current().pid();

    private Connection c;

    @BeforeEach
    void storeWithEveryMigration() throws SQLException, IOException {
        c = Postgres.open();
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            Migrations.apply(Migrations.postgres(SCHEMA), "postgresql");
            s.execute("SET search_path = " + SCHEMA);
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        c.close();
    }

    @ParameterizedTest
    @EnumSource(OutboxIntake.Start.class)
    void anAcceptReadsItsLaneOnceAndLocksOnce(OutboxIntake.Start start) throws SQLException {
        String plan = plan(OutboxIntake.insertLocked(start));
        assertEquals(2, plan.lines().filter(line -> line.contains("using outbox_lane_open")).count(), plan);
    }

    /** EXPLAIN of {@code sql}, every parameter bound to the untyped literal 1. */
    private String plan(String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (COSTS OFF) " + sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setObject(i, "1", Types.OTHER);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1).toLowerCase(Locale.ROOT)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
