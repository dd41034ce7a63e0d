package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One group of queued writes inside the writer's transaction: runs its units, keeps each one's result or failure,
 * and completes their callers once the transaction's outcome is known ({@link StoreWriter} owns the transaction).
 */
final class WriteGroup {

    /** How a queued write is waited for, and how it may be committed. */
    enum Kind {
        /** Its caller waits for its commit. */
        AWAITED,
        /**
         * Nobody waits for it promptly (a delivered mark): its group may wait a moment for a write someone waits for,
         * and share that one's commit, or commit without waiting for the server's flush ({@link StoreWriter}).
         */
        LATER,
        /**
         * Awaited, and atomic on its own without a transaction: everything it writes is one request to the server (a
         * PostgreSQL accept's lock and insert, sent together, which the server runs as one implicit transaction and
         * commits before it answers). Alone in its group it runs in auto-commit: no BEGIN, no COMMIT round trip.
         */
        SELF_COMMITTING
    }

    /** A queued write, the future its caller waits on, and its {@link Kind}. */
    record Unit<T>(Store.Work<T> work, CompletableFuture<T> done, Kind kind) {

        boolean later() {
            return kind == Kind.LATER;
        }
    }

    /** The group's units; more may be added after some have run (a lingering group). */
    private final List<Unit<?>> units;
    private Object[] results;
    private Throwable[] failures;
    /** How many units {@link #runPlainly} has run. */
    private int ran;

    WriteGroup(List<Unit<?>> units) {
        this.units = units;
        this.results = new Object[units.size()];
        this.failures = new Throwable[units.size()];
    }

    /**
     * A delivered mark alone in its group, {@code unit} whose work is {@code mark}, as a group of the one statement
     * that commits it unflushed by itself ({@link Update#unflushed}), completing the same caller: run in auto-commit,
     * one round trip.
     */
    @SuppressWarnings("unchecked")
    static WriteGroup unflushedMark(Unit<?> unit, Update mark) {
        CompletableFuture<Integer> done = (CompletableFuture<Integer>) unit.done();
        return new WriteGroup(List.of(new Unit<>(mark.unflushed(), done, Kind.LATER)));
    }

    /**
     * Runs the units not run yet, one after the other without savepoints, the common case where none fails: a
     * savepoint costs PostgreSQL a round trip per unit (writes of a kind queued in a row run together,
     * {@link #runFrom}). Returns the first failure (the transaction is then to be rolled back), or null. Called again
     * after units were added, it runs only those. Every unit is only JDBC work on the connection (plus forgetting a
     * cached record), so running it again in a new transaction is safe.
     */
    Exception runPlainly(Connection c) {
        if (results.length < units.size()) {
            results = Arrays.copyOf(results, units.size());
            failures = Arrays.copyOf(failures, units.size());
        }
        letPass(ran);
        while (ran < units.size()) {
            try {
                ran = runFrom(c, ran);
            } catch (SQLException | RuntimeException e) {
                return e;
            }
        }
        return null;
    }

    /**
     * Moves each unit from {@code from} on ahead of the units before it that it may pass ({@link Batchable#passes}: a
     * delivered mark past accepts), the order otherwise kept, so that units that run together are next to each other.
     */
    private void letPass(int from) {
        for (int i = from + 1; i < units.size(); i++) {
            for (int j = i; j > from && units.get(j).work() instanceof Batchable<?> moving
                    && moving.passes(units.get(j - 1).work()); j--) {
                units.set(j, units.set(j - 1, units.get(j)));
            }
        }
    }

    /**
     * Runs unit {@code from}, or, when it is {@link Batchable} and the units after it batch with it, all of them
     * together (one or two round trips to PostgreSQL instead of one each; the order is kept). Returns the next unit to
     * run.
     */
    private int runFrom(Connection c, int from) throws SQLException {
        Store.Work<?> work = units.get(from).work();
        int end = from + 1;
        if (work instanceof Batchable<?> first) {
            while (end < units.size() && first.batchesWith(units.get(end).work())) {
                end++;
            }
        }
        if (end - from == 1) {
            results[from] = work.run(c);
            return end;
        }
        List<Store.Work<?>> works = new ArrayList<>(end - from);
        for (int i = from; i < end; i++) {
            works.add(units.get(i).work());
        }
        List<?> together = ((Batchable<?>) work).runTogether(c, works);
        for (int i = from; i < end; i++) {
            results[i] = together.get(i - from);
        }
        return end;
    }

    /**
     * Runs every unit again, each inside a savepoint, so a failing unit is undone alone. A failed undo escapes: the
     * group fails. A unit that succeeded leaves its savepoint open (the next one nests in it, the commit ends them
     * all): releasing it would cost PostgreSQL a round trip per unit and change nothing, since a later unit's failure
     * rolls back to that unit's own savepoint only.
     */
    void runEachInSavepoint(Connection c) throws SQLException {
        Arrays.fill(results, null);
        for (int i = 0; i < units.size(); i++) {
            Savepoint savepoint = c.setSavepoint();
            try {
                results[i] = units.get(i).work().run(c);
            } catch (SQLException | RuntimeException e) {
                fail(i, e);
                c.rollback(savepoint);
            }
        }
    }

    /** Unit {@code i} fails with {@code e} (a store failure when it is an SQL one). */
    void fail(int i, Exception e) {
        failures[i] = e instanceof SQLException sql ? StoreException.of(sql) : e;
    }

    /** After the commit: each caller gets its unit's result or failure. */
    @SuppressWarnings("unchecked")
    void complete() {
        for (int i = 0; i < units.size(); i++) {
            CompletableFuture<Object> done = (CompletableFuture<Object>) units.get(i).done();
            if (failures[i] != null) {
                done.completeExceptionally(failures[i]);
            } else {
                done.complete(results[i]);
            }
        }
    }

    /** The transaction failed: no unit is stored, every caller gets {@code failure}. */
    void failAll(StoreException failure) {
        units.forEach(u -> u.done().completeExceptionally(failure));
    }
}
