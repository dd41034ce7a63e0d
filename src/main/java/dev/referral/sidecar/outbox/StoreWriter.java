package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.logging.Log;

/**
 * The store's one writer: a thread that takes every write queued since its last commit and commits them in one
 * transaction, so N concurrent writes cost one fsync instead of N, and no caller ever waits for a lock another
 * caller holds. A unit that fails (a key reused, a constraint) is rolled back alone and its caller gets the failure,
 * the other units of the group commit: the group runs without savepoints first, and when a unit fails it is rolled
 * back and run again with each unit in a savepoint. A commit that fails fails every
 * unit of the group with {@link StoreException} (503): none of them is stored, none is answered 2xx.
 */
final class StoreWriter {

    /** Opens a connection for one group. */
    @FunctionalInterface
    interface Connections {
        Connection open() throws SQLException;
    }

    private final WriteQueue queue;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong reruns = new AtomicLong();
    private final Thread thread;
    /** True when a group of writes nobody waits for promptly commits at once, unflushed, instead of lingering. */
    private final boolean unflushedLater;
    private volatile boolean running = true;
    private final WriterConnection connection;

    /**
     * {@code maxQueued}: most writes waiting for this writer. Beyond it a write fails at once with 503 instead of
     * waiting in memory behind a writer that is not keeping up (a stalled disk, a locked file, a server that does not
     * answer); its caller retries, and the retry is deduplicated.
     */
    StoreWriter(Connections connections, int maxGroup, int maxQueued, String name) {
        this(connections, maxGroup, maxQueued, name, WriteQueue.LINGER);
    }

    /** {@code linger}: how long a group of writes nobody waits for promptly waits for one that somebody does. */
    StoreWriter(Connections connections, int maxGroup, int maxQueued, String name, Duration linger) {
        this(connections, maxGroup, maxQueued, name, linger, false);
    }

    /**
     * PostgreSQL: a writer whose groups made only of writes nobody waits for promptly (delivered marks) commit at once
     * with {@code synchronous_commit} off for that transaction: the server answers the commit without waiting for its
     * log to reach the disk, and the next commit someone waits for (on any connection) flushes the log up to its own
     * record, which comes after the mark's, so every durable write that saw a mark has it durable too. A crash of the
     * server may lose the last marks, which is what a mark nobody awaits allows (the row stays "may have been sent"
     * and is checked upstream before anything is sent again). Such a group does not linger for company: it takes
     * only the writes that queued while its marks ran (under load, the next acceptances, and then all commit durably
     * together, as before); when none did, it commits unflushed at once, and the next acceptance, alone in its group,
     * can be one round trip ({@link WriteGroup.Kind#SELF_COMMITTING}). A mark alone in its group (the common case one
     * request at a time) is one round trip too: one statement that sets the commit unflushed itself, in auto-commit
     * ({@link Update#unflushed}).
     */
    static StoreWriter unflushedLater(Connections connections, int maxGroup, int maxQueued, String name) {
        return new StoreWriter(connections, maxGroup, maxQueued, name, Duration.ZERO, true);
    }

    private StoreWriter(Connections connections, int maxGroup, int maxQueued, String name, Duration linger,
            boolean unflushedLater) {
        this.queue = new WriteQueue(maxQueued, maxGroup, linger, name);
        this.connection = new WriterConnection(connections);
        this.unflushedLater = unflushedLater;
        // One dedicated thread is the point of this class: it owns its share of the write side of the store.
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code work}; the future completes after the commit that carries it (or fails with it). */
    <T> CompletableFuture<T> submit(Store.Work<T> work) {
        return submit(work, WriteGroup.Kind.AWAITED);
    }

    /**
     * Queues {@code work} whose writes are one request to the server and atomic without a transaction
     * ({@link WriteGroup.Kind#SELF_COMMITTING}); the future completes after its commit, as with {@link #submit}.
     */
    <T> CompletableFuture<T> submitSelfCommitting(Store.Work<T> work) {
        return submit(work, WriteGroup.Kind.SELF_COMMITTING);
    }

    /**
     * Queues {@code work} that nobody waits for promptly: a group made only of such writes runs them, then waits up to
     * its linger ({@link WriteQueue#LINGER}) for one more write before it commits, so that at one request at a time a
     * delivered mark shares the commit (and the fsync) of the next request's acceptance instead of taking the writer
     * for a commit of its own just before that acceptance arrives; the mark's statements have run by the time the
     * acceptance comes, so it waits only for its own. A write someone waits for never waits for this. On a writer made
     * by {@link #unflushedLater} such a group commits at once instead, without waiting for the server's flush.
     */
    <T> CompletableFuture<T> submitLater(Store.Work<T> work) {
        return submit(work, WriteGroup.Kind.LATER);
    }

    private <T> CompletableFuture<T> submit(Store.Work<T> work, WriteGroup.Kind kind) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new StoreException(new SQLException("store closed", "08003")));
            return done;
        }
        if (queue.offer(new WriteGroup.Unit<>(work, done, kind))) {
            return done;
        }
        done.completeExceptionally(new StoreException(new SQLException("store writer queue full", "53000")));
        return done;
    }

    /** Writes refused because the queue was full. */
    long refused() {
        return queue.refused();
    }

    long commits() {
        return commits.get();
    }

    long writes() {
        return writes.get();
    }

    /** Groups run again with savepoints because one of their units failed. */
    long rerunGroups() {
        return reruns.get();
    }

    int queued() {
        return queue.size();
    }

    /** Commits what is queued, then stops; later writes fail at once. */
    void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        List<WriteGroup.Unit<?>> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                if (queue.nextGroup(group)) {
                    commit(group);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                connection.drop();
                return;
            } catch (RuntimeException | Error e) {
                connection.drop();
                Log.errorf(e, "Store writer failed a group of %d writes", group.size());
                group.forEach(u -> u.done().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
        connection.drop();
    }

    private void commit(List<WriteGroup.Unit<?>> units) throws InterruptedException {
        if (units.size() == 1 && units.get(0).kind() == WriteGroup.Kind.SELF_COMMITTING) {
            commitAlone(new WriteGroup(units));
            return;
        }
        if (unflushedLater && units.size() == 1 && units.get(0).later() && units.get(0).work() instanceof Update mark) {
            commitAlone(WriteGroup.unflushedMark(units.get(0), mark));
            return;
        }
        WriteGroup group = new WriteGroup(units);
        try {
            Connection c = connection.get();
            // A transaction per group only: between groups the connection holds none (SQLite's driver would begin
            // the next one at once, holding the write lock and keeping a checkpoint from truncating the log).
            c.setAutoCommit(false);
            try {
                Exception failed = group.runPlainly(c);
                if (failed == null && queue.lingers(units)) {
                    // Only marks so far, run already: the write that comes within the linger finds the writer free
                    // and adds only its own statements before the shared commit. An unflushed-later writer does not
                    // wait (its linger is zero): it takes only what queued while the marks ran.
                    queue.linger(units);
                    failed = group.runPlainly(c);
                }
                boolean unflushed = unflushedLater && units.stream().allMatch(WriteGroup.Unit::later);
                if (failed == null && unflushed) {
                    WriterConnection.commitUnflushed(c);
                } else if (failed == null) {
                    c.commit();
                } else if (units.size() == 1) {
                    // A unit alone: its failure is the group's outcome.
                    c.rollback();
                    group.fail(0, failed);
                } else {
                    // Undo the group and run it again, each unit in a savepoint: only the failing one is lost.
                    c.rollback();
                    reruns.incrementAndGet();
                    group.runEachInSavepoint(c);
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                WriterConnection.rollback(c);
                throw e;
            }
        } catch (SQLException e) {
            // The connection may be broken: the next group opens a new one.
            connection.drop();
            group.failAll(StoreException.of(e));
            return;
        }
        connection.leaveTransaction();
        commits.incrementAndGet();
        writes.addAndGet(units.size());
        group.complete();
    }

    /**
     * A {@link WriteGroup.Kind#SELF_COMMITTING} write alone in its group, run on the auto-commit connection: the
     * server commits it (or rolls all of it back) before it answers, one round trip instead of two.
     */
    private void commitAlone(WriteGroup group) {
        try {
            Exception failed = group.runPlainly(connection.get());
            if (failed != null) {
                group.fail(0, failed);
                connection.dropIfBroken(failed);
            }
        } catch (SQLException e) {
            connection.drop();
            group.failAll(StoreException.of(e));
            return;
        }
        commits.incrementAndGet();
        writes.incrementAndGet();
        group.complete();
    }
}
