package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
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
 * that nobody holds, without waiting (OutboxIntake): the new row never stays parked behind a closed row.
 */
@ExtendWith(Postgres.class)
class ParkedRowsPostgresTest extends ParkedRowsContract {

    private static final String SCHEMA = "parked_" + ProcessHandle.current().pid();

    private DataSource store;

    @Override
    Connection newStore() throws Exception {
        store = Migrations.newPostgresStore(SCHEMA);
        return store.getConnection();
    }

    @Override
    boolean postgres() {
        return true;
    }

    @AfterEach
    void dropSchema() throws SQLException {
        Migrations.dropPostgres(SCHEMA);
    }

    private static final String CLOSE = "UPDATE outbox SET state = 'DELIVERED' WHERE id = ?";

    /**
     * The row ahead is being closed, uncommitted, when the accept comes: the accept's lane check still sees it open,
     * but its lock skips a row another transaction holds (it never waits, so it can never deadlock with a claim or
     * a mark), finds no other open row, and does not park the new row. Before, the new row stayed parked behind the
     * closed one until a sweep.
     */
    @Test
    void anAcceptDuringTheCloseOfTheRowAheadDoesNotParkItsRow() throws Exception {
        long a = accept(c, "a", "alice");
        long b = acceptWhileHeld(a, CLOSE, "b", true);
        assertEquals(Map.of(a, 0L, b, 0L), parked());
        assertEquals(List.of(b), claimed());
    }

    /** If that close rolls back instead, the unparked row still waits for the row ahead: the head probe holds it. */
    @Test
    void aRowNotParkedBehindAHeldRowStillWaitsForIt() throws Exception {
        long a = accept(c, "a", "alice");
        long b = acceptWhileHeld(a, CLOSE, "b", false);
        assertEquals(Map.of(a, 0L, b, 0L), parked());
        assertEquals(List.of(a), claimed());
    }

    /**
     * A head held by another transaction that does not close it (a claim, a mark): the lock skips it and takes the
     * next open row, and the new row is parked behind that one, to be unparked when it closes.
     */
    @Test
    void anAcceptBehindAHeldHeadParksBehindTheNextOpenRow() throws Exception {
        long a = accept(c, "a", "alice");
        long b = accept(c, "b", "alice");
        long third = acceptWhileHeld(a, "UPDATE outbox SET updated_at = 1 WHERE id = ?", "c", true);
        assertEquals(Map.of(a, 0L, b, 1L, third, 1L), parked());
        assertEquals(List.of(a), claimed());
        assertEquals(1, outbox.delivered(a, "alice", "{}", null, true).get());
        assertEquals(List.of(b), claimed());
        assertEquals(1, outbox.delivered(b, "alice", "{}", null, true).get());
        assertEquals(Map.of(a, 0L, b, 0L, third, 0L), parked());
    }

    /**
     * While the head's close is uncommitted it holds the next row too (its trigger unparked it): the new row is not
     * parked, and waits behind that row through the head probe.
     */
    @Test
    void anAcceptDuringTheCloseOfTheHeadWaitsBehindTheNextRowUnparked() throws Exception {
        long a = accept(c, "a", "alice");
        long b = accept(c, "b", "alice");
        long third = acceptWhileHeld(a, CLOSE, "c", true);
        assertEquals(Map.of(a, 0L, b, 0L, third, 0L), parked());
        assertEquals(List.of(b), claimed());
    }

    private List<Long> claimed() {
        return outbox.claimDue(32, true).stream().map(OutboxEntry::id).toList();
    }

    /**
     * Runs {@code hold} on row {@code held} on one connection without committing, accepts {@code key} of its lane on
     * another and commits it (within 5 s: the accept must not wait for the held row), then commits the holding
     * transaction, or rolls it back; returns the accepted row's id.
     */
    private long acceptWhileHeld(long held, String hold, String key, boolean commitTheHold) throws Exception {
        try (Connection holding = store.getConnection(); Connection accepting = store.getConnection()) {
            holding.setAutoCommit(false);
            Jdbc.update(holding, hold, held);
            long id = CompletableFuture.supplyAsync(() -> {
                try {
                    accepting.setAutoCommit(false);
                    long accepted = accept(accepting, key, "alice");
                    accepting.commit();
                    return accepted;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }).get(5, TimeUnit.SECONDS);
            if (commitTheHold) {
                holding.commit();
            } else {
                holding.rollback();
            }
            return id;
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
            assertEquals(List.of(b), claimed());
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
