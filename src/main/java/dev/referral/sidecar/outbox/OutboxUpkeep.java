package dev.referral.sidecar.outbox;

import static dev.referral.sidecar.outbox.Jdbc.many;
import static dev.referral.sidecar.outbox.Jdbc.update;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The outbox rows' changes that come from outside delivery: an operator's dead-letter actions, the erasure of a
 * customer's personal data, and the pruning of finished rows. Delivery's own transitions are {@link Outbox}'s.
 */
@ApplicationScoped
public class OutboxUpkeep {

    /** Rows the prune reads (and at most deletes) per step. */
    static final int PRUNE_WINDOW = 1_000;
    private static final String FINISHED = "('DELIVERED', 'CANCELLED', 'DISCARDED')";
    /** The finished rows of one window (ids after the first argument, up to the second) changed before the third. */
    static final String PRUNE_WINDOW_DELETE = "DELETE FROM outbox WHERE id > ? AND id <= ? AND state IN " + FINISHED
            + " AND updated_at < ?";

    private final Store store;
    private final Clock clock;

    public OutboxUpkeep(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** At most {@code limit} dead letters with an id above {@code after}, oldest first. */
    public List<OutboxEntry> readDead(long after, int limit) {
        return store.read(c -> many(c, Outbox.SELECT + "WHERE state = 'DEAD' AND id > ? ORDER BY id LIMIT ?", after,
                limit));
    }

    /**
     * Makes dead letter {@code id} pending again, from scratch; true if it was dead. A row that may have reached
     * Partnero is checked upstream first, after {@code checkPause}; an operator who retries an {@code outcome_unknown}
     * credit has checked it did not arrive, so its mark is cleared.
     */
    public boolean retryDead(long id, Duration checkPause) {
        return deadTransition(id, "UPDATE outbox SET state = 'PENDING', attempts = 0, maybe_sent = CASE WHEN operation "
                + "= 'CREDIT' THEN 0 ELSE maybe_sent END, dead_reason = NULL, next_attempt_at = ? + CASE WHEN "
                + "maybe_sent = 1 AND operation <> 'CREDIT' THEN " + checkPause.toMillis() + " ELSE 0 END, "
                + "updated_at = ? WHERE id = ? AND state = 'DEAD'");
    }

    /** Gives up on dead letter {@code id}: never sent, the rows behind it go on; true if it was dead. */
    public boolean discardDead(long id) {
        return deadTransition(id, "UPDATE outbox SET state = 'DISCARDED', " + Outbox.FORGET_PERSONAL
                + ", next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'DEAD'");
    }

    private boolean deadTransition(long id, String sql) {
        long now = clock.millis();
        return store.write(c -> update(c, sql, now, now, id)) == 1;
    }

    /**
     * Wipes the sign-up payload of {@code customerKey} (email, name, surname, date of birth), discarding it when not
     * delivered yet: it is never sent. The key stays for dedupe. The number of rows changed.
     */
    public int erasePersonalData(String customerKey) {
        long now = clock.millis();
        return store.write(c -> update(c, "UPDATE outbox SET payload = '{}', state = CASE WHEN state IN "
                + "('PENDING', 'DEAD') THEN 'DISCARDED' ELSE state END, next_attempt_at = ?, updated_at = ? "
                + "WHERE operation = 'SIGNUP' AND dedupe_key = ? AND payload <> '{}'", now, now, customerKey));
    }

    /** What a prune did: the rows it deleted and the rows it read to find them. */
    public record Pruned(int deleted, int examined) {
    }

    /** One window of the walk: its last id, rows read, rows created before the cutoff, rows to delete. */
    record Window(long last, int examined, int old, int prunable) {
    }

    /**
     * Deletes finished rows last changed before {@code before} (epoch millis). The table is walked in id order, a
     * window of {@value #PRUNE_WINDOW} rows at a time on a reader, and each window's finished old rows are deleted in a
     * write of their own, so the store's writer is held for one window at a time, never for the whole table. Ids
     * follow acceptance, so the walk stops at the first window holding no row created before the cutoff: an hourly
     * prune reads the hour it deletes plus one window, not the retention period's rows (nor, as one {@code DELETE}
     * with that filter did, the whole table on every run). A few rows out of order (clocks) are pruned a run later.
     */
    public Pruned prune(long before) {
        return walk(new PruneSteps() {
            @Override
            public Window read(long after) {
                return store.read(c -> window(c, after, before));
            }

            @Override
            public int delete(long after, long last) {
                return store.write(c -> update(c, PRUNE_WINDOW_DELETE, after, last, before));
            }
        });
    }

    /** The two steps of the walk for one cutoff: read the window after an id, delete its old finished rows. */
    interface PruneSteps {
        Window read(long after);

        int delete(long after, long last);
    }

    /** The walk itself, over whatever runs its steps (the store here; {@code PruneBench} times them). */
    static Pruned walk(PruneSteps steps) {
        int deleted = 0;
        int examined = 0;
        long after = 0;
        while (true) {
            Window window = steps.read(after);
            examined += window.examined();
            if (window.prunable() > 0) {
                deleted += steps.delete(after, window.last());
            }
            if (window.old() == 0 || window.examined() < PRUNE_WINDOW) {
                return new Pruned(deleted, examined);
            }
            after = window.last();
        }
    }

    /** The window of rows after id {@code after}, read for a prune with cutoff {@code before}. */
    static Window window(Connection c, long after, long before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, state IN " + FINISHED + ", created_at, updated_at "
                + "FROM outbox WHERE id > ? ORDER BY id LIMIT " + PRUNE_WINDOW)) {
            ps.setLong(1, after);
            long last = after;
            int examined = 0;
            int old = 0;
            int prunable = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong(1);
                    examined++;
                    old += rs.getLong(3) < before ? 1 : 0;
                    prunable += rs.getBoolean(2) && rs.getLong(4) < before ? 1 : 0;
                }
            }
            return new Window(last, examined, old, prunable);
        }
    }
}
