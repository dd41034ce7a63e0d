package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.outbox.OutboxIntake.Placed;
import dev.referral.sidecar.outbox.OutboxIntake.Start;
import dev.referral.sidecar.support.Postgres;

/**
 * PostgreSQL's usual accept (one entry, one lane) sends its lane's lock and its insert in one round trip
 * ({@link OutboxIntake#lockAndInsertOrFind}): the lock is held until the transaction ends, the row's times are the
 * server's, read after the lock, and the insert looks at the lane only once the lock is granted, so a row of that
 * lane committed by the lock's previous holder is seen (a single statement would have taken its snapshot before
 * waiting, and both rows would have headed the lane).
 */
@ExtendWith(Postgres.class)
class LockAndInsertPostgresTest {

    private static final String SCHEMA = "lock_insert_" + ProcessHandle.current().pid();
    private static final Duration LEASE = Duration.ofSeconds(60);

    private DataSource store;
    private OutboxIntake intake;

    @BeforeEach
    void newStore() throws Exception {
        store = Migrations.newPostgresStore(SCHEMA);
        Store writer = mock(Store.class);
        when(writer.postgres()).thenReturn(true);
        DeliveryConfig config = mock(DeliveryConfig.class);
        when(config.lease()).thenReturn(LEASE);
        intake = new OutboxIntake(new Outbox(writer, Clock.systemUTC(), config));
    }

    @AfterEach
    void dropSchema() throws SQLException {
        Migrations.dropPostgres(SCHEMA);
    }

    @Test
    void oneLaneOnlyIsTakenThisWay() {
        assertTrue(intake.locksInInsert(new TreeSet<>(java.util.List.of("alice"))));
        assertFalse(intake.locksInInsert(new TreeSet<>(java.util.List.of("alice", "bob"))), "several: lockLanes");
        assertFalse(intake.locksInInsert(new TreeSet<>()), "no lane: lockLanes reads the clock");
    }

    @Test
    void theLockIsHeldAndTheTimesAreTheServersAfterIt() throws SQLException {
        try (Connection accepting = store.getConnection(); Connection other = store.getConnection()) {
            accepting.setAutoCommit(false);
            long before = serverMillis(other);
            Placed placed = intake.lockAndInsertOrFind(accepting, alice("k1", "f1", Start.SENDING_IF_HEAD, 0));
            long after = serverMillis(other);
            assertFalse(LaneLockPostgresTest.tryLock(other, "alice"), "the lane's lock is held by the accepting transaction");
            accepting.commit();
            assertTrue(LaneLockPostgresTest.tryLock(other, "alice"), "released with it");
            assertTrue(placed.sending(), "the lane's only row heads it: claimed and about to be sent");
            long[] times = times(other, placed.row().id());
            assertTrue(before <= times[0] && times[0] <= after, "created at the server's time, read in the call");
            assertEquals(times[0], times[1], "due when created");
            assertEquals(times[0], times[2], "updated when created");
            assertEquals(times[0] + LEASE.toMillis(), times[3], "claimed for one lease from then");
        }
    }

    @Test
    void aRowDueLaterAndQueuedIsNotClaimed() throws SQLException {
        try (Connection accepting = store.getConnection(); Connection other = store.getConnection()) {
            long due = serverMillis(other) + 3_600_000;
            Placed placed = intake.lockAndInsertOrFind(accepting, alice("k1", "f1", Start.QUEUED, due));
            assertFalse(placed.sending());
            long[] times = times(other, placed.row().id());
            assertEquals(due, times[1], "due when the gate opens");
            assertEquals(0, times[3], "not claimed");
        }
    }

    @Test
    void aKeyTakenFindsTheRowThere() throws SQLException {
        try (Connection accepting = store.getConnection()) {
            Placed first = intake.lockAndInsertOrFind(accepting, alice("k1", "f1", Start.SENDING_IF_HEAD, 0));
            Placed again = intake.lockAndInsertOrFind(accepting, alice("k1", "f1", Start.SENDING_IF_HEAD, 0));
            assertTrue(again.existed());
            assertEquals(first.row().id(), again.row().id());
        }
    }

    /**
     * In a transaction (a group of the writer's), and in auto-commit (the writer's self-committing path, where the
     * lock and the insert, sent as one request, are one implicit transaction that the server commits before it
     * answers, releasing the lock with it).
     */
    @ParameterizedTest(name = "auto-commit {0}")
    @ValueSource(booleans = {false, true})
    void theInsertLooksAtTheLaneOnlyOnceTheLockIsGranted(boolean autoCommit) throws Exception {
        try (Connection holder = store.getConnection(); Connection accepting = store.getConnection();
                Connection other = store.getConnection()) {
            holder.setAutoCommit(false);
            Placed ahead = intake.lockAndInsertOrFind(holder, alice("k1", "f1", Start.SENDING_IF_HEAD, 0));
            accepting.setAutoCommit(autoCommit);
            CompletableFuture<Placed> behind = CompletableFuture.supplyAsync(() -> {
                try {
                    return intake.lockAndInsertOrFind(accepting, alice("k2", "f2", Start.SENDING_IF_HEAD, 0));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertFalse(behind.isDone(), "waits for the lane's lock");
            holder.commit();
            Placed placed = behind.get(10, TimeUnit.SECONDS);
            assertEquals(autoCommit, LaneLockPostgresTest.tryLock(other, "alice"),
                    "in auto-commit the lane's lock went with the commit before the answer");
            if (!autoCommit) {
                accepting.commit();
            }
            assertTrue(ahead.sending());
            assertFalse(placed.sending(), "the row committed ahead of it is seen: not the head, not sent now");
            assertEquals(1, Jdbc.count(other, "SELECT parked FROM outbox WHERE id = ?", placed.row().id()),
                    "committed, and parked behind the open row ahead");
        }
    }

    /** A purchase of alice's with an empty payload. */
    private static OutboxIntake.Insert alice(String key, String fingerprint, OutboxIntake.Start start, long dueAt) {
        return new OutboxIntake.Insert(Operation.PURCHASE, key, "alice", "{}", fingerprint, start, dueAt);
    }

    private static long serverMillis(Connection c) throws SQLException {
        return Jdbc.count(c, "SELECT " + Outbox.SHARED_CLOCK);
    }

    /** created_at, next_attempt_at, updated_at, claimed_until (0 when none). */
    private static long[] times(Connection c, long id) throws SQLException {
        try (var ps = c.prepareStatement("SELECT created_at, next_attempt_at, updated_at, "
                + "COALESCE(claimed_until, 0) FROM outbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (var result = ps.executeQuery()) {
                assertTrue(result.next());
                return new long[] {result.getLong(1), result.getLong(2), result.getLong(3), result.getLong(4)};
            }
        }
    }
}
