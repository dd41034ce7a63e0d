package dev.referral.sidecar.outbox;

import static dev.referral.sidecar.outbox.Jdbc.batch;
import static dev.referral.sidecar.outbox.Jdbc.changed;
import static dev.referral.sidecar.outbox.Jdbc.ids;
import static dev.referral.sidecar.outbox.Jdbc.one;
import static dev.referral.sidecar.outbox.Jdbc.rows;
import static dev.referral.sidecar.outbox.Jdbc.update;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import dev.referral.sidecar.config.DeliveryConfig;

/**
 * The outbox table, all of its SQL: accept (dedupe and insert in the caller's transaction), claim the head row of
 * each lane with a lease, record what an attempt achieved. Operators' and housekeeping's changes (dead letters,
 * erasure, retention) are {@link OutboxUpkeep}'s; the accept is {@link OutboxIntake}'s.
 * A claim is a conditional update, so two dispatchers (replicas on one PostgreSQL) never hold the same row, and a
 * lane's next row is claimable only when every earlier row is delivered, cancelled or discarded: one customer's
 * deliveries never overlap and keep their order. Transitions of a claimed row apply only while this node holds it:
 * an attempt that lost its claim records nothing.
 */
@ApplicationScoped
public class Outbox {

    /** Replaces the payload of a sign-up or relayed webhook (personal data) by {@code {}}. */
    static final String FORGET_PERSONAL = "payload = CASE WHEN operation IN ('SIGNUP', 'RELAY') THEN '{}' "
            + "ELSE payload END";

    /** A delivered mark: the row's result kept, its claim and (for personal data) its payload dropped. */
    private static final String DELIVERED = "UPDATE outbox SET state = 'DELIVERED', " + FORGET_PERSONAL
            + ", result = ?, last_error = NULL, claimed_by = NULL, claimed_until = NULL, updated_at = ? "
            + "WHERE id = ? AND claimed_by = ?";

    static final String SELECT = "SELECT " + OutboxEntry.COLUMNS + " FROM outbox ";

    private final Store store;
    private final Clock clock;
    private final DeliveryConfig config;
    private final String node = UUID.randomUUID().toString();

    public Outbox(Store store, Clock clock, DeliveryConfig config) {
        this.store = store;
        this.clock = clock;
        this.config = config;
    }

    /** This process's name in claims ({@code claimed_by}). */
    String node() {
        return node;
    }

    /** When a claim taken at {@code now} (epoch millis) runs out. */
    long claimedUntil(long now) {
        return now + config.lease().toMillis();
    }

    public Optional<OutboxEntry> find(Operation operation, String dedupeKey) {
        return store.read(c -> find(c, operation, dedupeKey));
    }

    public Optional<OutboxEntry> find(Connection c, Operation operation, String dedupeKey) throws SQLException {
        return one(c, SELECT + "WHERE operation = ? AND dedupe_key = ?", operation.name(), dedupeKey);
    }

    public Optional<OutboxEntry> byId(long id) {
        return store.read(c -> one(c, SELECT + "WHERE id = ?", id));
    }

    /** True when no earlier row of the entry's lane is pending or dead. */
    public boolean isHead(long id) {
        return store.read(c -> one(c, SELECT + "WHERE id = ? AND " + LaneHeads.HEAD_OF_LANE, id).isPresent());
    }

    /** Claims up to {@code limit} due head-of-lane rows for this node (in one commit); only relays while paused. */
    public List<OutboxEntry> claimDue(int limit, boolean writesOpen) {
        List<Long> candidates = store.read(c -> {
            long now = now(c);
            return ids(c, LaneHeads.dueHeads(!writesOpen), now, now, limit);
        });
        if (candidates.isEmpty()) {
            return List.of();
        }
        return store.write(c -> {
            long now = now(c);
            long until = claimedUntil(now);
            // One conditional update per row, sent as one batch (one round trip on PostgreSQL) in the order read, so
            // two replicas lock the rows they both want in the same order; then the rows won, read back in one go.
            List<Long> won = changed(candidates, batch(c, "UPDATE outbox SET claimed_by = ?, claimed_until = ? "
                    + "WHERE id = ? AND state = 'PENDING' AND (claimed_until IS NULL OR claimed_until < ?) AND "
                    + LaneHeads.HEAD_OF_LANE, candidates.stream().map(id -> new Object[] { node, until, id, now })
                    .toList()));
            if (won.isEmpty()) {
                return List.of();
            }
            return rows(c, store.postgres(), won);
        });
    }

    /**
     * Marks rows this node has claimed "may have been sent" (from now on their outcome may be unknown) and renews
     * their lease, in one commit (and one round trip), just before they are sent. It is also the fence: the ids whose
     * claim still held; the others were handed back, ran out of lease or were cancelled, and must not be sent.
     */
    public Set<Long> markSending(List<Long> ids) {
        return store.write(c -> {
            long now = now(c);
            long until = claimedUntil(now);
            return new HashSet<>(changed(ids, batch(c, "UPDATE outbox SET maybe_sent = 1, claimed_until = ?, "
                    + "updated_at = ? WHERE id = ? AND state = 'PENDING' AND claimed_by = ? AND claimed_until >= ?",
                    ids.stream().map(id -> new Object[] { until, now, id, node, now }).toList())));
        });
    }

    /**
     * Records a delivery without waiting for its commit: if the mark is lost in a crash, the row may have been sent
     * and is checked upstream before anything is sent again. The payload of a sign-up or relayed webhook holds personal
     * data (email, name, date of birth, the event): once delivered or discarded it is replaced by {@code {}}; the key
     * and the fingerprint stay for dedupe. The mark goes to the writer of the row's {@code lane}, the one that accepts
     * that customer's writes: one accepted after this call is committed after the mark. A sign-up discarded by an
     * erasure while this attempt was in flight becomes delivered too. Not {@code awaited}: see {@link Store#writeLater}.
     */
    public CompletableFuture<Integer> delivered(long id, String lane, String result, Store.Work<?> alongside,
            boolean awaited) {
        Update update = new Update(DELIVERED, result, clock.millis(), id, node);
        // Without anything alongside, marks queued one after another go to the server in one batch (WriteGroup).
        Store.Work<Integer> mark = alongside == null ? update : c -> {
            alongside.run(c);
            return update.run(c);
        };
        return awaited ? store.writeAsync(lane, mark) : store.writeLater(lane, mark);
    }

    /** Gives the row back to the dispatcher, due at {@code next}. */
    public void release(long id, Instant next, int attemptsAdded, boolean maybeSent, String error) {
        store.write(c -> update(c, "UPDATE outbox SET next_attempt_at = ?, attempts = attempts + ?, maybe_sent = ?, "
                + "last_error = ?, claimed_by = NULL, claimed_until = NULL, updated_at = ? "
                + "WHERE id = ? AND claimed_by = ?",
                next.toEpochMilli(), attemptsAdded, maybeSent ? 1 : 0, Redact.error(error), clock.millis(), id, node));
    }

    /**
     * Makes the row a dead letter. A sign-up whose personal data was erased while this attempt was in flight is
     * already discarded with an empty payload and stays so: a dead letter can be retried, and that retry would send
     * the empty payload.
     */
    public void dead(long id, int attemptsAdded, boolean maybeSent, String reason, String error) {
        store.write(c -> update(c, "UPDATE outbox SET state = CASE WHEN state = 'DISCARDED' THEN state ELSE 'DEAD' END, "
                + "attempts = attempts + ?, maybe_sent = ?, "
                + "dead_reason = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL, updated_at = ? "
                + "WHERE id = ? AND claimed_by = ?",
                attemptsAdded, maybeSent ? 1 : 0, reason, Redact.error(error), clock.millis(), id, node));
    }

    /** Removes a row that was never sent and never will be (an unknown refund); true if removed. */
    public boolean forget(long id) {
        return store.write(c -> update(c, "DELETE FROM outbox WHERE id = ? AND state = 'PENDING' AND claimed_by = ?",
                id, node)) == 1;
    }

    /** Cancels a row nobody is sending and nobody may have sent; true if it was cancelled. */
    public boolean cancel(Connection c, long id) throws SQLException {
        long now = now(c);
        return update(c, "UPDATE outbox SET state = 'CANCELLED', updated_at = ? WHERE id = ? "
                + "AND state IN ('PENDING', 'DEAD') AND maybe_sent = 0 "
                + "AND (claimed_until IS NULL OR claimed_until < ?)",
                now, id, now) == 1;
    }

    /**
     * Cancels this node's claimed purchase together with its queued refund (never sent, nobody sending it), in one
     * transaction; false, and nothing changed, when the refund can no longer be cancelled.
     */
    public boolean cancelWithRefund(long purchaseId, long refundId) {
        try {
            return store.write(c -> {
                if (!cancel(c, refundId)) {
                    return false;
                }
                if (update(c, "UPDATE outbox SET state = 'CANCELLED', claimed_by = NULL, claimed_until = NULL, "
                        + "updated_at = ? WHERE id = ? AND state = 'PENDING' AND claimed_by = ?", clock.millis(),
                        purchaseId, node) != 1) {
                    // Undoes this write alone (the writer's savepoint), not the group it shares a commit with.
                    throw new NotCancelled();
                }
                return true;
            });
        } catch (NotCancelled e) {
            return false;
        }
    }

    /** The purchase was no longer ours to cancel: the refund's cancellation is undone with it. */
    private static final class NotCancelled extends RuntimeException {
        NotCancelled() {
            super(null, null, false, false);
        }
    }

    /** A store owned by one process (SQLite) has no other claimant alive after a restart. */
    public void releaseAllClaims() {
        store.write(c -> update(c, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL "
                + "WHERE claimed_until IS NOT NULL"));
    }

    /**
     * After a restart, a row that may have been sent waits the check pause before it is checked upstream, exactly as
     * after a timeout: Partnero may still be processing the POST the dead process sent. Rows another replica holds
     * are left alone.
     */
    public int pauseMaybeSent(Duration pause) {
        return store.write(c -> {
            long now = now(c);
            return update(c, "UPDATE outbox SET next_attempt_at = ? WHERE state = 'PENDING' AND maybe_sent = 1 "
                    + "AND next_attempt_at < ? AND (claimed_until IS NULL OR claimed_until < ?)",
                    now + pause.toMillis(), now + pause.toMillis(), now);
        });
    }

    /** Releases this node's claims (shutdown): nothing of ours waits for a lease to expire. */
    public void releaseOwnClaims() {
        store.write(c -> update(c, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?",
                node));
    }

    /**
     * Lease times come from one clock for all replicas: PostgreSQL's, when replicas share it; this process's for a
     * SQLite file only this process uses.
     */
    long now(Connection c) throws SQLException {
        return sharedClock() ? Jdbc.count(c, "SELECT " + SHARED_CLOCK) : clock.millis();
    }

    /** True when lease times come from the database server's clock (PostgreSQL). */
    boolean sharedClock() {
        return store.postgres();
    }

    /** PostgreSQL's clock in epoch milliseconds, as SQL. */
    static final String SHARED_CLOCK = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
}
