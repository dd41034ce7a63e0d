package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.outbox.OutboxIntake.Insert;
import dev.referral.sidecar.outbox.OutboxIntake.Placed;
import dev.referral.sidecar.outbox.OutboxIntake.Start;
import dev.referral.sidecar.support.Postgres;

/**
 * Accepts of one entry queued one after another in a writer's group ({@link LaneAccept}) take their lanes' locks in
 * one statement and insert in one batch per start, and place every row as one accept at a time would: the head of
 * its lane sent at once, a row behind an open one parked, a key taken found, a key reused refused alone. Through the
 * writer's real path ({@link StatementCache}).
 */
@ExtendWith(Postgres.class)
class LaneAcceptPostgresTest {

    private static final String SCHEMA = "lane_accept_" + ProcessHandle.current().pid();

    private DataSource store;
    private final Store writes = mock(Store.class);
    private Outbox outbox;
    private OutboxIntake intake;
    private final List<Integer> batches = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void newStore() throws Exception {
        store = Migrations.newPostgresStore(SCHEMA);
        when(writes.postgres()).thenReturn(true);
        DeliveryConfig config = mock(DeliveryConfig.class);
        when(config.lease()).thenReturn(Duration.ofSeconds(60));
        outbox = new Outbox(writes, Clock.systemUTC(), config);
        intake = new OutboxIntake(outbox);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        Migrations.dropPostgres(SCHEMA);
    }

    @Test
    void acceptsQueuedTogetherRunInBatchesAndArePlacedAsOneAtATime() throws Exception {
        long ahead;
        try (Connection c = store.getConnection()) {
            ahead = intake.lockAndInsertOrFind(c, insert("kp", "carol", "fp", Start.SENDING_IF_HEAD)).row().id();
        }
        long dueLater = System.currentTimeMillis() + 3_600_000;
        StoreWriter writer = writer();
        List<CompletableFuture<Placed>> done = StoreWriterTest.inOneGroup(writer, List.of(
                accept(insert("k1", "alice", "f1", Start.SENDING_IF_HEAD)),
                accept(insert("k2", "alice", "f2", Start.SENDING_IF_HEAD)),
                accept(insert("k1", "alice", "f1", Start.SENDING_IF_HEAD)),
                accept(new Insert(Operation.PURCHASE, "k3", "bob", "{}", "f3", Start.QUEUED, dueLater)),
                accept(insert("k4", "carol", "f4", Start.SENDING_IF_HEAD)),
                accept(insert("kp", "carol", "fp", Start.SENDING_IF_HEAD))));
        writer.close();
        List<Placed> placed = done.stream().map(CompletableFuture::join).toList();

        assertEquals(List.of(3, 1, 2), batches, "one batch per run of the same start, in queue order");
        assertEquals(0, writer.rerunGroups());
        assertTrue(placed.get(0).sending(), "alice's only open row heads her lane: sent at once");
        assertFalse(placed.get(1).sending(), "behind k1, inserted before it in the same batch");
        assertTrue(placed.get(2).existed(), "k1 again: the row the batch inserted");
        assertEquals(placed.get(0).row().id(), placed.get(2).row().id());
        assertFalse(placed.get(3).sending(), "queued while writes are paused");
        assertEquals(dueLater, placed.get(3).row().nextAttemptAt().toEpochMilli(), "due when the gate opens");
        assertFalse(placed.get(4).sending(), "behind carol's row committed before");
        assertEquals(ahead, placed.get(5).row().id(), "a key taken before: the row there");
        try (Connection c = store.getConnection()) {
            assertEquals(List.of(0L, 1L, 0L, 1L), List.of(parked(c, placed.get(0)), parked(c, placed.get(1)),
                    parked(c, placed.get(3)), parked(c, placed.get(4))), "only the rows behind an open row wait parked");
            assertEquals(2, Jdbc.count(c, "SELECT COUNT(*) FROM outbox WHERE claimed_by IS NOT NULL AND maybe_sent = 1"),
                    "claimed and about to be sent: k1, and kp from before, no other");
            assertEquals(5, Jdbc.count(c, "SELECT COUNT(*) FROM outbox"), "kp, k1, k2, k3, k4: nothing twice");
            OutboxEntry k1 = intake.placed(c, Operation.PURCHASE, "k1", java.util.Optional.empty()).row();
            assertEquals(k1.createdAt(), placed.get(0).row().createdAt(), "the row given back is the row stored");
            assertEquals(k1.nextAttemptAt(), placed.get(0).row().nextAttemptAt());
            assertEquals("{\"k\":\"k1\"}", k1.payload());
        }
    }

    @Test
    void anAcceptRefusedInABatchFailsAloneAndTheOthersCommit() throws Exception {
        StoreWriter writer = writer();
        List<CompletableFuture<Placed>> done = StoreWriterTest.inOneGroup(writer, List.of(
                accept(insert("k1", "alice", "f1", Start.SENDING_IF_HEAD)),
                accept(insert("k1", "alice", "other content", Start.SENDING_IF_HEAD)),
                accept(insert("k2", "bob", "f2", Start.SENDING_IF_HEAD))));
        writer.close();

        assertTrue(done.get(0).join().sending());
        assertThrows(CompletionException.class, () -> done.get(1).join(), "k1 taken by other content");
        assertTrue(done.get(2).join().sending());
        assertEquals(1, writer.rerunGroups(), "run again, each alone");
        try (Connection c = store.getConnection()) {
            assertEquals(2, Jdbc.count(c, "SELECT COUNT(*) FROM outbox"));
        }
    }

    /**
     * A delivered mark queued between accepts runs before them (WriteGroup lets it pass): the accepts go in one batch,
     * and an accept of the mark's lane finds the row closed, so its own row heads the lane and is sent at once (one
     * accept at a time in queue order, it would have waited parked until the mark's trigger unparked it).
     */
    @Test
    void aMarkQueuedBetweenAcceptsRunsBeforeThem() throws Exception {
        Placed sent;
        try (Connection c = store.getConnection()) {
            sent = intake.lockAndInsertOrFind(c, insert("k0", "alice", "f0", Start.SENDING_IF_HEAD));
        }
        assertTrue(sent.sending());
        StoreWriter writer = writer();
        List<CompletableFuture<Object>> done = StoreWriterTest.inOneGroup(writer, List.of(
                anyResult(accept(insert("k1", "alice", "f1", Start.SENDING_IF_HEAD))),
                anyResult(mark(sent.row().id())),
                anyResult(accept(insert("k2", "bob", "f2", Start.SENDING_IF_HEAD)))));
        writer.close();

        assertEquals(1, done.get(1).join(), "k0 marked delivered");
        assertTrue(((Placed) done.get(0).join()).sending(), "k0 closed first: k1 heads alice's lane, sent at once");
        assertTrue(((Placed) done.get(2).join()).sending());
        assertEquals(List.of(2), batches, "both accepts in one batch, the mark before them");
        try (Connection c = store.getConnection()) {
            assertEquals(0, parked(c, (Placed) done.get(0).join()));
        }
    }

    @Test
    void theInsertsLookAtTheirLanesOnlyOnceEveryLockIsGranted() throws Exception {
        try (Connection holder = store.getConnection()) {
            holder.setAutoCommit(false);
            Placed first = intake.lockAndInsertOrFind(holder, insert("k1", "alice", "f1", Start.SENDING_IF_HEAD));
            StoreWriter writer = writer();
            CompletableFuture<List<CompletableFuture<Placed>>> group = CompletableFuture.supplyAsync(
                    () -> StoreWriterTest.inOneGroup(writer, List.of(
                            accept(insert("k2", "bob", "f2", Start.SENDING_IF_HEAD)),
                            accept(insert("k3", "alice", "f3", Start.SENDING_IF_HEAD)))));
            Thread.sleep(300);
            assertFalse(group.isDone(), "waits for alice's lock");
            holder.commit();
            List<CompletableFuture<Placed>> done = group.get(10, TimeUnit.SECONDS);
            writer.close();
            assertTrue(first.sending());
            assertTrue(done.get(0).join().sending());
            assertFalse(done.get(1).join().sending(), "k1, committed while the group waited, is seen: not the head");
            assertEquals(List.of(2), batches);
        }
    }

    private StoreWriter writer() {
        return new StoreWriter(() -> StatementCache.wrap(UpdateBatchContract.countingBatches(store.getConnection(),
                batches)), 256, 4096, "lane-accept-test");
    }

    private LaneAccept<Placed> accept(Insert insert) {
        return new LaneAccept<>(intake, () -> insert, (i, placed) -> {
            if (placed.existed() && !placed.row().fingerprint().equals(i.fingerprint())) {
                throw new IllegalStateException("key reused");
            }
            return placed;
        });
    }

    /** The delivered mark of row {@code id} as {@link Outbox#delivered} queues it. */
    @SuppressWarnings("unchecked")
    private Store.Work<Integer> mark(long id) {
        org.mockito.ArgumentCaptor<Store.Work<Integer>> work = org.mockito.ArgumentCaptor.forClass(Store.Work.class);
        when(writes.writeLater(org.mockito.ArgumentMatchers.eq("alice"), org.mockito.ArgumentMatchers.any()))
                .thenReturn(new CompletableFuture<>());
        outbox.delivered(id, "alice", "{}", null, false);
        org.mockito.Mockito.verify(writes).writeLater(org.mockito.ArgumentMatchers.eq("alice"), work.capture());
        return work.getValue();
    }

    @SuppressWarnings("unchecked")
    private static Store.Work<Object> anyResult(Store.Work<?> work) {
        return (Store.Work<Object>) work;
    }

    private static Insert insert(String key, String lane, String fingerprint, Start start) {
        return new Insert(Operation.PURCHASE, key, lane, "{\"k\":\"" + key + "\"}", fingerprint, start, 0);
    }

    private static long parked(Connection c, Placed placed) throws SQLException {
        return Jdbc.count(c, "SELECT parked FROM outbox WHERE id = ?", placed.row().id());
    }
}
