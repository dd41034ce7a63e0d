package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.referral.sidecar.config.DeliveryConfig;

/**
 * Parked rows (V6, V7), on each database: a row accepted behind an open row of its lane is parked and never read by
 * the dispatcher's pass; whatever closes the lane's first open row (delivered, dead letter discarded, cancelled,
 * removed) unparks the next one in the same transaction. The outbox's own methods run on one connection of a store
 * with every migration.
 */
abstract class ParkedRowsContract {

    protected Connection c;
    protected Outbox outbox;
    protected OutboxIntake intake;

    /** A connection to a new store with every migration applied. */
    abstract Connection newStore() throws Exception;

    abstract boolean postgres();

    @BeforeEach
    void outboxOnOneConnection() throws Exception {
        c = newStore();
        Store store = mock(Store.class);
        when(store.postgres()).thenReturn(postgres());
        when(store.read(any())).thenAnswer(call -> call.<Store.Work<?>>getArgument(0).run(c));
        when(store.write(any())).thenAnswer(call -> call.<Store.Work<?>>getArgument(0).run(c));
        when(store.writeAsync(any())).thenAnswer(call -> java.util.concurrent.CompletableFuture.completedFuture(
                call.<Store.Work<?>>getArgument(0).run(c)));
        when(store.writeAsync(any(), any())).thenAnswer(call -> java.util.concurrent.CompletableFuture.completedFuture(
                call.<Store.Work<?>>getArgument(1).run(c)));
        DeliveryConfig config = mock(DeliveryConfig.class);
        when(config.lease()).thenReturn(Duration.ofMinutes(1));
        outbox = new Outbox(store, Clock.systemUTC(), config);
        intake = new OutboxIntake(outbox);
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    /** Accepts a queued purchase of {@code lane} under {@code key}, as a hook with {@code respond-async} does. */
    protected long accept(Connection on, String key, String lane) throws SQLException {
        long now = intake.lockLanes(on, lane == null ? new TreeSet<>() : new TreeSet<>(List.of(lane)));
        return intake.insertOrFind(on, lane == null ? Operation.RELAY : Operation.PURCHASE, key, lane, "{}", "f",
                OutboxIntake.Start.QUEUED, 0, now).row().id();
    }

    /** Each row's parked flag, by id. */
    protected Map<Long, Long> parked() throws SQLException {
        Map<Long, Long> parked = new TreeMap<>();
        for (Long id : Jdbc.ids(c, "SELECT id FROM outbox ORDER BY id")) {
            parked.put(id, Jdbc.count(c, "SELECT parked FROM outbox WHERE id = ?", id));
        }
        return parked;
    }

    private List<Long> claimed() {
        return outbox.claimDue(32, true).stream().map(OutboxEntry::id).toList();
    }

    @Test
    void rowsBehindAnOpenRowOfTheirLaneAreParkedAndNeverClaimed() throws SQLException {
        long a = accept(c, "a", "alice");
        long b = accept(c, "b", "alice");
        long c2 = accept(c, "c", "alice");
        long bob = accept(c, "d", "bob");
        long relay = accept(c, "e", null);
        assertEquals(Map.of(a, 0L, b, 1L, c2, 1L, bob, 0L, relay, 0L), parked());
        assertEquals(List.of(a, bob, relay), claimed());
    }

    @Test
    void aDeliveryUnparksTheNextRowOfItsLaneOnly() throws Exception {
        long a = accept(c, "a", "alice");
        long b = accept(c, "b", "alice");
        long c2 = accept(c, "c", "alice");
        assertEquals(List.of(a), claimed());
        assertEquals(1, outbox.delivered(a, "alice", "{}", null, true).get());
        assertEquals(Map.of(a, 0L, b, 0L, c2, 1L), parked());
        assertEquals(List.of(b), claimed());
    }

    @Test
    void aDeadLetterKeepsItsLaneParkedUntilItIsDiscarded() throws SQLException {
        long a = accept(c, "a", "alice");
        long b = accept(c, "b", "alice");
        assertEquals(List.of(a), claimed());
        outbox.dead(a, 1, false, "REJECTED", "400");
        assertEquals(1L, parked().get(b));
        assertEquals(List.of(), claimed());
        Jdbc.update(c, "UPDATE outbox SET state = 'DISCARDED' WHERE id = ?", a);
        assertEquals(0L, parked().get(b));
        assertEquals(List.of(b), claimed());
    }

    @Test
    void aCancelledOrRemovedHeadUnparksTheNextRow() throws SQLException {
        long a = accept(c, "a", "alice");
        long b = accept(c, "b", "alice");
        long c2 = accept(c, "c", "alice");
        assertEquals(true, outbox.cancel(c, a));
        assertEquals(0L, parked().get(b));
        assertEquals(List.of(b), claimed());
        assertEquals(true, outbox.forget(b));
        assertEquals(Map.of(a, 0L, c2, 0L), parked());
        assertEquals(List.of(c2), claimed());
    }

    /**
     * A pass's claims are sent as one batch and the rows won are read back in one statement: they come back in the
     * order they fell due (not by id), carrying the row as claimed, and the "sending" mark (also one batch) fences
     * out a row this node does not hold.
     */
    @Test
    void aPassClaimsInTheOrderRowsFellDueAndMarksOnlyWhatItHolds() throws SQLException {
        long x = accept(c, "x", "xavier");
        long y = accept(c, "y", "yvonne");
        long z = accept(c, "z", "zoe");
        long now = System.currentTimeMillis();
        Jdbc.update(c, "UPDATE outbox SET next_attempt_at = ? WHERE id = ?", now - 1_000, x);
        Jdbc.update(c, "UPDATE outbox SET next_attempt_at = ? WHERE id = ?", now - 2_000, y);
        Jdbc.update(c, "UPDATE outbox SET next_attempt_at = ? WHERE id = ?", now - 3_000, z);

        List<OutboxEntry> claimed = outbox.claimDue(32, true);

        assertEquals(List.of(z, y, x), claimed.stream().map(OutboxEntry::id).toList());
        assertEquals(List.of("zoe", "yvonne", "xavier"), claimed.stream().map(OutboxEntry::lane).toList());
        assertEquals(3, Jdbc.count(c, "SELECT COUNT(*) FROM outbox WHERE claimed_by = ?", outbox.node()));
        long elsewhere = accept(c, "w", "walter");
        Jdbc.update(c, "UPDATE outbox SET claimed_by = 'another node', claimed_until = ? WHERE id = ?", now + 60_000,
                elsewhere);
        Jdbc.update(c, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE id = ?", y);

        assertEquals(java.util.Set.of(z, x), outbox.markSending(List.of(z, elsewhere, y, x)));
        assertEquals(List.of(x, z), Jdbc.ids(c, "SELECT id FROM outbox WHERE maybe_sent = 1 ORDER BY id"));
    }
}
