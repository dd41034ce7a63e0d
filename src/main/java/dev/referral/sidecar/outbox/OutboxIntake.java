package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The accepting side of the outbox table: a hook's entries inserted (or found under their key) inside the group
 * commit that accepts them, with the claim of the immediate attempt decided by the insert itself. The rows' life
 * after that (claims, marks, dead letters) is {@link Outbox}'s, whose node and lease clock the claims here use.
 */
@ApplicationScoped
public class OutboxIntake {

    /**
     * How a newly accepted row starts: queued for the dispatcher, claimed, or, when it heads its lane, claimed and
     * about to be sent (a row behind an open one of its lane is queued instead).
     */
    public enum Start { QUEUED, CLAIMED, SENDING_IF_HEAD }

    /** Where an accepted entry stands: the row inserted now, or the row already there under its key. */
    public record Placed(OutboxEntry row, boolean existed) {

        public Optional<OutboxEntry> existing() {
            return existed ? Optional.of(row) : Optional.empty();
        }

        /** True for a row inserted now as its lane's head: claimed, and about to be sent. */
        public boolean sending() {
            return !existed && row.maybeSent();
        }
    }

    /** One entry to accept alone ({@link #lockAndInsertOrFind}), or with others queued beside it ({@link LaneAccept}). */
    public record Insert(Operation operation, String dedupeKey, String lane, String payload, String fingerprint,
            Start start, long dueAt) {
    }

    /** No row of the lane bound here is open (pending or dead); read through outbox_lane_open. */
    static final String HEADS_ITS_LANE = "NOT EXISTS (SELECT 1 FROM outbox o WHERE o.lane = ? "
            + "AND o.state IN ('PENDING', 'DEAD'))";

    /** The lane's answer as a one-row table {@code h}; its one parameter is the lane. */
    private static final String HEAD_TABLE = "(SELECT " + HEADS_ITS_LANE + " AS head) h";

    /**
     * PostgreSQL's {@link #HEAD_TABLE}: OFFSET 0 keeps it from being flattened into the insert, where its NOT EXISTS
     * was planned once per reference to {@code h.head} (the claim's three columns and the lock's filter: four probes
     * of the lane per purchase; DueHeadsPlanPostgresTest). SQLite takes no OFFSET without a LIMIT.
     */
    private static final String HEAD_TABLE_ONCE = "(SELECT " + HEADS_ITS_LANE + " AS head OFFSET 0) h";

    /** The lane's answer, for the insert's columns; its one parameter is the lane. */
    static final String HEAD = " FROM " + HEAD_TABLE;

    /** A row that does not head its lane waits parked until the rows ahead of it close (V6, V7's triggers). */
    static final String PARKED = "CASE WHEN h.head THEN 0 ELSE 1 END";

    /** The lock of {@link #HEAD_LOCKING_AHEAD}, joined to {@code h}; its one parameter is the lane. */
    private static final String LOCKING_AHEAD = " LEFT JOIN LATERAL (SELECT o.id AS ahead FROM outbox o "
            + "WHERE o.lane = ? AND o.state IN ('PENDING', 'DEAD') AND NOT h.head ORDER BY o.id LIMIT 1 "
            + "FOR SHARE SKIP LOCKED) a ON true";

    /**
     * PostgreSQL's answer, its two parameters the lane: whether the row heads its lane, and, when it does not, the
     * first open row of the lane that nobody else holds, locked ({@code FOR SHARE}) until the accept commits. The lock
     * orders the accept with that row's close on another connection or replica, which V7's trigger unparks the next
     * row on: the close waits for the accept's commit, and its trigger (a new snapshot per statement under READ
     * COMMITTED) sees the new row. A row another transaction holds (being claimed, marked or closed) is skipped, never
     * waited for: the next open row is locked instead, and when none is left the new row is not parked (nor sent at
     * once: the pass sends it, behind the head probe). Waiting deadlocked: an accepting group holding one customer's
     * row and waiting for another's, a dispatcher's claim holding them the other way round (nine in one benchmark
     * run, each a 1 s stall). Without the lock, a row accepted during such a close stayed parked behind a closed row
     * (ParkedRowsPostgresTest). A customer's only row, every sign-up, locks nothing.
     */
    static final String HEAD_LOCKING_AHEAD = " FROM " + HEAD_TABLE_ONCE + LOCKING_AHEAD;

    /** PostgreSQL: parked only behind a row still open once locked. */
    static final String PARKED_BEHIND_LOCKED = "CASE WHEN a.ahead IS NULL THEN 0 ELSE 1 END";

    /**
     * {@link #lockAndInsertOrFind}'s SQL for each start, built once: the lane's lock, then the insert, which reads the
     * lease clock once (table {@code k}) before it looks at the lane as {@link #HEAD_LOCKING_AHEAD} does.
     */
    private static final Map<Start, String> LOCK_AND_INSERT = new EnumMap<>(Start.class);

    /**
     * {@link #LOCK_AND_INSERT}'s insert alone, for a run of accepts whose lanes were locked first ({@link LaneAccept}).
     * It gives back only the columns of a new row the server decided ({@link LaneAccept#DECIDED}).
     */
    private static final Map<Start, String> INSERT_LOCKED = new EnumMap<>(Start.class);

    static {
        String from = " FROM (SELECT " + Outbox.SHARED_CLOCK + " AS now OFFSET 0) k CROSS JOIN "
                + HEAD_TABLE_ONCE + LOCKING_AHEAD;
        String times = "GREATEST(k.now, ?), k.now, k.now, ";
        for (Start start : Start.values()) {
            String claim = claim(start, "k.now + ?") + PARKED_BEHIND_LOCKED;
            LOCK_AND_INSERT.put(start, "SELECT pg_advisory_xact_lock(hashtext(?)); "
                    + insertSql(times, claim, from, OutboxEntry.COLUMNS));
            INSERT_LOCKED.put(start, insertSql(times, claim, from, LaneAccept.DECIDED));
        }
    }

    /**
     * Locks the lanes of a text array in the array's order (sorted by the caller), then reads the shared clock, in one
     * statement: OFFSET 0 keeps the sub-select from being merged into the outer one, so every lock is taken before
     * the clock is read.
     */
    private static final String LOCK_LANES = "SELECT " + Outbox.SHARED_CLOCK + " FROM (SELECT "
            + "count(pg_advisory_xact_lock(hashtext(l))) FROM unnest(CAST(? AS TEXT[])) AS lanes(l) OFFSET 0) locked";

    private final Outbox outbox;

    public OutboxIntake(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Inserts a row as {@code start} says, or finds the row already there under (operation, dedupe key). One
     * statement in the usual case: the insert gives the new row back, a key already taken inserts nothing (and
     * raises no error, so a racing replica only costs a look-up). {@code SENDING_IF_HEAD} is the claim and the "may
     * have been sent" mark of the immediate attempt in the accepting commit itself, decided by the insert: only when
     * no row of the lane is open (pending or dead), else the row is queued behind them ({@link Placed#sending} tells
     * which). {@code QUEUED} rows are due at {@code dueAt} (epoch millis; 0 for now). {@code now} is the lease
     * clock's time, read once for the accepting unit by {@link #lockLanes}.
     */
    public Placed insertOrFind(Connection c, Operation operation, String dedupeKey, String lane, String payload,
            String fingerprint, Start start, long dueAt, long now) throws SQLException {
        Object[] row = {operation.name(), dedupeKey, lane, payload, fingerprint, Math.max(now, dueAt), now, now};
        // The lane is checked once, in a one-row derived table, and its answer used for every column that needs it:
        // a row behind an open row of its lane is parked (V6), and only a head is sent at once.
        boolean locking = outbox.sharedClock();
        Object[] lanes = locking ? new Object[] {lane, lane} : new Object[] {lane};
        Object[] args = start == Start.QUEUED ? lanes
                : concat(new Object[] {outbox.node(), outbox.claimedUntil(now)}, lanes);
        String sql = insertSql(claim(start, "?") + (locking ? PARKED_BEHIND_LOCKED : PARKED),
                locking ? HEAD_LOCKING_AHEAD : HEAD);
        return placed(c, operation, dedupeKey, Jdbc.one(c, sql, concat(row, args)));
    }

    /**
     * PostgreSQL, an accepting unit of one entry of one lane (every hook call but a batch): {@link #lockLanes} and
     * {@link #insertOrFind} in one round trip to the server instead of two. They stay two statements, sent as one:
     * under READ COMMITTED a statement takes its snapshot when it starts, so the insert's look at the lane, taken
     * after the lock was granted, sees every row of the lane committed before that (a single statement would take its
     * snapshot before waiting for the lock). The insert reads the lease clock itself, once, after the lock.
     */
    Placed lockAndInsertOrFind(Connection c, Insert insert) throws SQLException {
        Object[] args = concat(new Object[] {insert.lane()}, insertArgs(insert));
        return placed(c, insert.operation(), insert.dedupeKey(),
                Jdbc.oneAfter(c, LOCK_AND_INSERT.get(insert.start()), args));
    }

    /**
     * PostgreSQL's accepting unit of one entry of one lane: {@code insert}, read when the writer runs it, placed and
     * turned into the caller's result by {@code then}; run together with the accepts queued beside it
     * ({@link LaneAccept}).
     */
    public <T> Store.Work<T> acceptOne(Supplier<Insert> insert, BiFunction<Insert, Placed, T> then) {
        return new LaneAccept<>(this, insert, then);
    }

    /** {@link #INSERT_LOCKED}'s SQL for {@code start}. */
    static String insertLocked(Start start) {
        return INSERT_LOCKED.get(start);
    }

    /** {@link #LOCK_AND_INSERT}'s arguments after the lock's, which are {@link #INSERT_LOCKED}'s. */
    Object[] insertArgs(Insert i) {
        Object[] row = {i.operation().name(), i.dedupeKey(), i.lane(), i.payload(), i.fingerprint(), i.dueAt()};
        Object[] args = i.start() == Start.QUEUED ? new Object[] {i.lane(), i.lane()}
                : new Object[] {outbox.node(), outbox.claimedUntil(0), i.lane(), i.lane()};
        return concat(row, args);
    }

    /** True when {@link #lockAndInsertOrFind} takes {@code lanes}' locks: PostgreSQL, one lane. */
    public boolean locksInInsert(SortedSet<String> lanes) {
        return outbox.sharedClock() && lanes.size() == 1;
    }

    /** SQL for (maybe_sent, claimed_by, claimed_until) as {@code start} says, {@code until} the lease's end. */
    private static String claim(Start start, String until) {
        return switch (start) {
            case QUEUED -> "0, NULL, NULL, ";
            case CLAIMED -> "0, ?, " + until + ", ";
            case SENDING_IF_HEAD -> "CASE WHEN h.head THEN 1 ELSE 0 END, CASE WHEN h.head THEN ? END, "
                    + "CASE WHEN h.head THEN " + until + " END, ";
        };
    }

    /** The row just inserted, or, when its key was taken, the row already there. */
    Placed placed(Connection c, Operation operation, String dedupeKey, Optional<OutboxEntry> inserted)
            throws SQLException {
        if (inserted.isPresent()) {
            return new Placed(inserted.get(), false);
        }
        return new Placed(outbox.find(c, operation, dedupeKey).orElseThrow(() -> new SQLException(
                "outbox row " + operation + " neither inserted nor found", "40001")), true);
    }

    /**
     * The insert's SQL; its parameters are the row's eight, then those of {@code claim} (SQL for maybe_sent,
     * claimed_by, claimed_until, parked), then those of {@code from} (a FROM clause it reads). {@code WHERE true}
     * keeps SQLite from reading {@code ON CONFLICT} as part of the select.
     */
    static String insertSql(String claim, String from) {
        return insertSql("?, ?, ?, ", claim, from, OutboxEntry.COLUMNS);
    }

    /**
     * {@link #insertSql(String, String)} with SQL of its own for next_attempt_at, created_at and updated_at, giving
     * back {@code columns}.
     */
    private static String insertSql(String times, String claim, String from, String columns) {
        return "INSERT INTO outbox (operation, dedupe_key, lane, payload, fingerprint, state, next_attempt_at, "
                + "created_at, updated_at, maybe_sent, claimed_by, claimed_until, parked) SELECT ?, ?, ?, ?, ?, 'PENDING', "
                + times + claim + from + " WHERE true ON CONFLICT (operation, dedupe_key) DO NOTHING RETURNING "
                + columns;
    }

    private static Object[] concat(Object[] first, Object[] then) {
        Object[] all = Arrays.copyOf(first, first.length + then.length);
        System.arraycopy(then, 0, all, first.length, then.length);
        return all;
    }

    /**
     * Takes what an accepting unit needs before its inserts, and returns the lease clock's time for all of them.
     * On PostgreSQL, ids come from a sequence at insert time, not at commit: without the locks, a purchase committed
     * first could get a higher id than its customer's sign-up still being committed, and both would look like the
     * head of the lane. A transaction-scoped lock per lane, taken in order, makes ids within a lane follow commit
     * order; every lock and then the shared clock in one statement ({@link #LOCK_LANES}; one clock read per unit
     * instead of one per entry). A unit of one entry of one lane, the usual, sends its lock with its insert instead
     * ({@link #lockAndInsertOrFind}). SQLite has one writer at a time and needs no lock; its clock is this process's.
     */
    public long lockLanes(Connection c, SortedSet<String> lanes) throws SQLException {
        if (!outbox.sharedClock() || lanes.isEmpty()) {
            return outbox.now(c);
        }
        return Jdbc.count(c, LOCK_LANES, (Object) lanes.toArray(String[]::new));
    }
}
