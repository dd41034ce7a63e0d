package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * {@link ParkedRowsContract} on PostgreSQL, in a schema of its own, and the race only PostgreSQL has: an accept on
 * one connection while the row ahead of it closes on another. The parked row's insert locks its lane's first open row
 * (OutboxIntake), so whichever comes second sees the other: the new row never stays parked behind a closed row.
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
     * The row ahead closes first, uncommitted: the accept's lane check still sees it open, so its lock waits for the
     * close, finds the row closed and nothing else open, and the new row is not parked. Before, it stayed parked
     * until a sweep.
     */
    @Test
    void anAcceptWaitingForTheCloseOfTheRowAheadUnparksItsRow() throws Exception {
        long a = accept(c, "a", "alice");
        long b = acceptDuringTheCloseOf(a, "b");
        assertEquals(Map.of(a, 0L, b, 0L), parked());
        assertEquals(List.of(b), outbox.claimDue(32, true).stream().map(OutboxEntry::id).toList());
    }

    /**
     * As above with a second open row behind the one closing: the lock, finding the first row closed, takes the next
     * open row, and the new row is parked behind it.
     */
    @Test
    void anAcceptWaitingForTheCloseOfTheFirstRowParksBehindTheNext() throws Exception {
        long a = accept(c, "a", "alice");
        long b = accept(c, "b", "alice");
        long third = acceptDuringTheCloseOf(a, "c");
        assertEquals(Map.of(a, 0L, b, 0L, third, 1L), parked());
        assertEquals(List.of(b), outbox.claimDue(32, true).stream().map(OutboxEntry::id).toList());
    }

    /**
     * Delivers row {@code closed} on one connection without committing, accepts {@code key} of its lane on another,
     * commits the close once the accept waits for a lock, and returns the accepted row's id once it committed.
     */
    private long acceptDuringTheCloseOf(long closed, String key) throws Exception {
        try (Connection closing = store.getConnection(); Connection accepting = store.getConnection()) {
            closing.setAutoCommit(false);
            Jdbc.update(closing, "UPDATE outbox SET state = 'DELIVERED' WHERE id = ?", closed);
            long pid = Jdbc.count(accepting, "SELECT pg_backend_pid()");
            CompletableFuture<Long> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    accepting.setAutoCommit(false);
                    long id = accept(accepting, key, "alice");
                    accepting.commit();
                    return id;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitWaitingForALock(pid);
            closing.commit();
            return accepted.get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The accept comes first, uncommitted, holding the lock of the row ahead: the close of that row waits for the
     * accept's commit, and its trigger (a new snapshot per statement) sees the new row and unparks it.
     */
    @Test
    void aCloseWaitingForAnAcceptBehindItUnparksTheAcceptedRow() throws Exception {
        long a = accept(c, "a", "alice");
        try (Connection closing = store.getConnection(); Connection accepting = store.getConnection()) {
            accepting.setAutoCommit(false);
            long b = accept(accepting, "b", "alice");
            long pid = Jdbc.count(closing, "SELECT pg_backend_pid()");
            CompletableFuture<Integer> closed = CompletableFuture.supplyAsync(() -> {
                try {
                    return Jdbc.update(closing, "UPDATE outbox SET state = 'DELIVERED' WHERE id = ?", a);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitWaitingForALock(pid);
            accepting.commit();
            assertEquals(1, closed.get(10, TimeUnit.SECONDS));
            assertEquals(Map.of(a, 0L, b, 0L), parked());
            assertEquals(List.of(b), outbox.claimDue(32, true).stream().map(OutboxEntry::id).toList());
        }
    }

    /** Waits until the backend {@code pid} waits for a lock another transaction holds. */
    private void awaitWaitingForALock(long pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Jdbc.count(c, "SELECT COUNT(*) FROM pg_locks WHERE pid = ? AND NOT granted", (int) pid) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("backend " + pid + " never waited for a lock");
            }
            Thread.sleep(10);
        }
    }
}
