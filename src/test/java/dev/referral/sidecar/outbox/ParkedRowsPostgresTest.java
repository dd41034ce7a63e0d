package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.referral.sidecar.support.Postgres;

/**
 * {@link ParkedRowsContract} on PostgreSQL, in a schema of its own, and the race only PostgreSQL has: an accept
 * inserting while the row ahead of it closes on another connection.
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

    /**
     * The race only PostgreSQL has: the lane's first row closes on one connection while an accept of the lane is
     * inserting on another, invisible to the closing transaction. Its trigger finds no open row left, so it waits for
     * the lane's lock (held by the accept until it commits), looks again, and unparks the new row.
     */
    @Test
    void aCloseRacingAnAcceptOfItsLaneWaitsForItAndUnparksItsRow() throws Exception {
        long a = accept(c, "a", "alice");
        try (Connection accepting = store.getConnection(); Connection closing = store.getConnection()) {
            accepting.setAutoCommit(false);
            long b = accept(accepting, "b", "alice");
            assertEquals(1L, Jdbc.count(accepting, "SELECT parked FROM outbox WHERE id = ?", b));
            CompletableFuture<Integer> close = deliver(closing, a);
            Thread.sleep(300);
            assertFalse(close.isDone(), "the close waits for the accept of its lane");
            accepting.commit();
            assertEquals(1, close.get(10, TimeUnit.SECONDS));
            assertEquals(Map.of(a, 0L, b, 0L), parked());
            assertEquals(List.of(b), outbox.claimDue(32, true).stream().map(OutboxEntry::id).toList());
        }
    }

    /** A close that finds the next open row of its lane unparks it without waiting for any lock. */
    @Test
    void aCloseWithAnOpenRowLeftInSightTakesNoLaneLock() throws Exception {
        long a = accept(c, "a", "alice");
        long b = accept(c, "b", "alice");
        try (Connection accepting = store.getConnection(); Connection closing = store.getConnection()) {
            accepting.setAutoCommit(false);
            accept(accepting, "c", "alice");
            // The accept still holds the lane's lock: the close must not need it.
            assertEquals(1, deliver(closing, a).get(5, TimeUnit.SECONDS));
            accepting.commit();
            assertEquals(0L, parked().get(b));
        }
    }

    /** Marks {@code id} delivered on {@code closing} (auto-commit), on another thread. */
    private static CompletableFuture<Integer> deliver(Connection closing, long id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Jdbc.update(closing, "UPDATE outbox SET state = 'DELIVERED' WHERE id = ?", id);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
