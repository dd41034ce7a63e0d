package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.referral.sidecar.outbox.OutboxIntake.Insert;
import dev.referral.sidecar.outbox.OutboxIntake.Placed;

/**
 * PostgreSQL's accepting unit of one entry of one lane (every hook call but a batch). Alone, its lane's lock and its
 * insert go in one round trip ({@link OutboxIntake#lockAndInsertOrFind}). Several queued one after another in a
 * writer's group run in two round trips instead of one each: every lane's lock in one statement
 * ({@link OutboxIntake#lockLanes}), then the inserts in one batch (one per run of the same start), in queue
 * order. Each insert still looks at its lane after all the locks are granted and after the inserts before it (the
 * same transaction), so every row is placed as it would be one accept at a time. A key already taken is looked up
 * once the batch has run: the inserts after it only add rows of other keys, so it finds the row it would have found.
 * {@code insert} is read when the writer runs the unit (the write gate's state then); {@code then} turns its
 * placement into the caller's result, and may refuse it by throwing (the group then runs again, each unit alone).
 */
record LaneAccept<T>(OutboxIntake intake, Supplier<Insert> insert, BiFunction<Insert, Placed, T> then)
        implements Batchable<T> {

    /**
     * The columns of a new row the server decided, which a batch of inserts gives back: all of fixed size, since
     * PostgreSQL's driver sends a batch whose rows it cannot bound (text) one statement per round trip.
     */
    static final String DECIDED = "id, next_attempt_at, created_at, maybe_sent";
    private static final int DECIDED_COLUMNS = DECIDED.split(",").length;

    @Override
    public T run(Connection c) throws SQLException {
        Insert entry = insert.get();
        return then.apply(entry, intake.lockAndInsertOrFind(c, entry));
    }

    @Override
    public boolean batchesWith(Store.Work<?> next) {
        return next instanceof LaneAccept<?>;
    }

    @Override
    public List<?> runTogether(Connection c, List<Store.Work<?>> works) throws SQLException {
        List<Insert> inserts = new ArrayList<>(works.size());
        works.forEach(w -> inserts.add(((LaneAccept<?>) w).insert().get()));
        List<Placed> placed = lockAndInsertAll(c, inserts);
        List<Object> results = new ArrayList<>(works.size());
        for (int i = 0; i < works.size(); i++) {
            results.add(((LaneAccept<?>) works.get(i)).then().apply(inserts.get(i), placed.get(i)));
        }
        return results;
    }

    private List<Placed> lockAndInsertAll(Connection c, List<Insert> inserts) throws SQLException {
        intake.lockLanes(c, inserts.stream().map(Insert::lane).collect(Collectors.toCollection(TreeSet::new)));
        List<long[]> decided = new ArrayList<>(inserts.size());
        for (int from = 0, end; from < inserts.size(); from = end) {
            OutboxIntake.Start start = inserts.get(from).start();
            List<Object[]> args = new ArrayList<>();
            for (end = from; end < inserts.size() && inserts.get(end).start() == start; end++) {
                args.add(intake.insertArgs(inserts.get(end)));
            }
            decided.addAll(Jdbc.batchReturning(c, OutboxIntake.insertLocked(start), args, DECIDED_COLUMNS));
        }
        List<Placed> placed = new ArrayList<>(inserts.size());
        for (int i = 0; i < inserts.size(); i++) {
            Insert entry = inserts.get(i);
            long[] row = decided.get(i);
            placed.add(row == null ? intake.placed(c, entry.operation(), entry.dedupeKey(), Optional.empty())
                    : new Placed(inserted(entry, row), false));
        }
        return placed;
    }

    /** The row {@code entry} just inserted, from what the server decided of it ({@link #DECIDED}). */
    private static OutboxEntry inserted(Insert entry, long[] decided) {
        Instant created = Instant.ofEpochMilli(decided[2]);
        return new OutboxEntry(decided[0], entry.operation(), entry.dedupeKey(), entry.lane(), entry.payload(),
                entry.fingerprint(), OutboxEntry.State.PENDING, 0, decided[3] != 0, Instant.ofEpochMilli(decided[1]),
                null, null, null, created, created);
    }
}
