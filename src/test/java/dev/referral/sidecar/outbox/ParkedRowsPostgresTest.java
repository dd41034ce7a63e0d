package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.referral.sidecar.support.Postgres;

/**
 * {@link ParkedRowsContract} on PostgreSQL, in a schema of its own, and the race only PostgreSQL has: an accept
 * that commits while the row ahead of it closes on another connection stays parked until the sweep.
 */
@ExtendWith(Postgres.class)
class ParkedRowsPostgresTest extends ParkedRowsContract {

    private static final String SCHEMA = "parked_" + ProcessHandle.current().pid();

    private DataSource store;

    @Override
    Connection newStore() throws Exception {
        try (Connection admin = Postgres.open(); Statement s = admin.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
        }
        store = Migrations.postgres(SCHEMA);
        Migrations.apply(store, "postgresql");
        return store.getConnection();
    }

    @Override
    boolean postgres() {
        return true;
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection admin = Postgres.open(); Statement s = admin.createStatement()) {
            s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void anAcceptRacingTheCloseOfTheRowAheadIsUnparkedByTheSweep() throws Exception {
        long a = accept(c, "a", "alice");
        try (Connection accepting = store.getConnection()) {
            accepting.setAutoCommit(false);
            long b = accept(accepting, "b", "alice");
            // The row ahead is delivered and committed while the accept is still open: its trigger cannot see b.
            Jdbc.update(c, "UPDATE outbox SET state = 'DELIVERED' WHERE id = ?", a);
            accepting.commit();
            assertEquals(Map.of(a, 0L, b, 1L), parked());
            assertEquals(List.of(), outbox.claimDue(32, true));
            assertEquals(1, upkeep.unparkHeads(0));
            assertEquals(List.of(b), outbox.claimDue(32, true).stream().map(OutboxEntry::id).toList());
        }
    }
}
