package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.referral.sidecar.config.DeliveryConfig;

/**
 * The outbox table: accept (dedupe and insert in the caller's transaction), claim the head row of each lane with
 * a lease, and record what an attempt achieved. A claim is a conditional update, so two dispatchers (replicas on
 * one PostgreSQL) never hold the same row, and a lane's next row is claimable only when every earlier row is
 * delivered, cancelled or discarded: one customer's deliveries never overlap and keep their order.
 */
@ApplicationScoped
public class Outbox {

    /** Rows that hold up later rows of their lane. */
    public static final String HEAD_OF_LANE = "NOT EXISTS (SELECT 1 FROM outbox p WHERE p.lane = outbox.lane "
            + "AND p.id < outbox.id AND p.state IN ('PENDING', 'DEAD'))";

    /** Pending rows that wait behind a dead letter of their lane ("blocked" in metrics). */
    public static final String BEHIND_DEAD = "EXISTS (SELECT 1 FROM outbox p WHERE p.lane = outbox.lane "
            + "AND p.id < outbox.id AND p.state = 'DEAD')";

    private final Store store;
    private final Clock clock;
    private final DeliveryConfig config;
    private final String node = UUID.randomUUID().toString();

    public Outbox(Store store, Clock clock, DeliveryConfig config) {
        this.store = store;
        this.clock = clock;
        this.config = config;
    }

    /** Inserts {@code entry} claimed by this node (for the immediate attempt), or returns the row already there. */
    public Optional<OutboxEntry> insertOrFind(Connection c, NewEntry entry) throws SQLException {
        Optional<OutboxEntry> existing = find(c, entry.operation(), entry.dedupeKey());
        if (existing.isPresent()) {
            return existing;
        }
        long now = clock.millis();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (operation, dedupe_key, lane, payload, "
                + "fingerprint, state, next_attempt_at, claimed_by, claimed_until, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?)")) {
            ps.setString(1, entry.operation().name());
            ps.setString(2, entry.dedupeKey());
            ps.setString(3, entry.lane());
            ps.setString(4, entry.payload());
            ps.setString(5, entry.fingerprint());
            ps.setLong(6, now);
            ps.setString(7, node);
            ps.setLong(8, now + config.lease().toMillis());
            ps.setLong(9, now);
            ps.setLong(10, now);
            ps.executeUpdate();
        }
        return Optional.empty();
    }

    public Optional<OutboxEntry> find(Operation operation, String dedupeKey) {
        return store.read(c -> find(c, operation, dedupeKey));
    }

    public Optional<OutboxEntry> find(Connection c, Operation operation, String dedupeKey) throws SQLException {
        return one(c, "SELECT " + OutboxEntry.COLUMNS + " FROM outbox WHERE operation = ? AND dedupe_key = ?",
                operation.name(), dedupeKey);
    }

    public Optional<OutboxEntry> byId(long id) {
        return store.read(c -> one(c, "SELECT " + OutboxEntry.COLUMNS + " FROM outbox WHERE id = ?", id));
    }

    /** True when no earlier row of the entry's lane is pending or dead. */
    public boolean isHead(long id) {
        return store.read(c -> one(c, "SELECT " + OutboxEntry.COLUMNS + " FROM outbox WHERE id = ? AND "
                + HEAD_OF_LANE, id).isPresent());
    }

    /** Claims up to {@code limit} due head-of-lane rows for this node; only relays while writes are paused. */
    public List<OutboxEntry> claimDue(int limit, boolean writesOpen) {
        long now = clock.millis();
        String operations = writesOpen ? "" : "AND operation = 'RELAY' ";
        List<Long> candidates = store.read(c -> ids(c, "SELECT id FROM outbox WHERE state = 'PENDING' " + operations
                + "AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) AND " + HEAD_OF_LANE
                + " ORDER BY id LIMIT ?", now, now, limit));
        List<OutboxEntry> claimed = new ArrayList<>();
        for (long id : candidates) {
            int updated = store.read(c -> update(c, "UPDATE outbox SET claimed_by = ?, claimed_until = ? "
                    + "WHERE id = ? AND state = 'PENDING' AND (claimed_until IS NULL OR claimed_until < ?) AND "
                    + HEAD_OF_LANE, node, now + config.lease().toMillis(), id, now));
            if (updated == 1) {
                byId(id).ifPresent(claimed::add);
            }
        }
        return claimed;
    }

    /**
     * Marks that an attempt is about to reach Partnero (from now on its outcome may be unknown) and renews the lease.
     * It is also the fence: false when this node no longer holds a live claim on a pending row (released at
     * shutdown, lease expired, cancelled), and then nothing may be sent.
     */
    public boolean markSending(long id) {
        long now = clock.millis();
        return store.read(c -> update(c, "UPDATE outbox SET maybe_sent = 1, claimed_until = ?, updated_at = ? "
                + "WHERE id = ? AND state = 'PENDING' AND claimed_by = ? AND claimed_until >= ?",
                now + config.lease().toMillis(), now, id, node, now)) == 1;
    }

    // The transitions below apply only while this node holds the row: an attempt that lost its claim records nothing.

    public void delivered(long id, String result) {
        store.read(c -> update(c, "UPDATE outbox SET state = 'DELIVERED', result = ?, last_error = NULL, "
                + "claimed_by = NULL, claimed_until = NULL, updated_at = ? WHERE id = ? AND claimed_by = ?", result,
                clock.millis(), id, node));
    }

    /** Gives the row back to the dispatcher, due at {@code next}. */
    public void release(long id, Instant next, int attemptsAdded, boolean maybeSent, String error) {
        store.read(c -> update(c, "UPDATE outbox SET next_attempt_at = ?, attempts = attempts + ?, maybe_sent = ?, "
                + "last_error = ?, claimed_by = NULL, claimed_until = NULL, updated_at = ? WHERE id = ? AND claimed_by = ?",
                next.toEpochMilli(), attemptsAdded, maybeSent ? 1 : 0, Redact.error(error), clock.millis(), id, node));
    }

    public void dead(long id, int attemptsAdded, boolean maybeSent, String reason, String error) {
        store.read(c -> update(c, "UPDATE outbox SET state = 'DEAD', attempts = attempts + ?, maybe_sent = ?, "
                + "dead_reason = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL, updated_at = ? "
                + "WHERE id = ? AND claimed_by = ?",
                attemptsAdded, maybeSent ? 1 : 0, reason, Redact.error(error), clock.millis(), id, node));
    }

    /** Removes a row that was never sent and never will be (an unknown refund); true if removed. */
    public boolean forget(long id) {
        return store.read(c -> update(c, "DELETE FROM outbox WHERE id = ? AND state = 'PENDING' AND claimed_by = ?", id,
                node)) == 1;
    }

    /** Cancels a row nobody is sending and nobody may have sent; true if it was cancelled. */
    public boolean cancel(Connection c, long id) throws SQLException {
        long now = clock.millis();
        return update(c, "UPDATE outbox SET state = 'CANCELLED', updated_at = ? WHERE id = ? "
                + "AND state IN ('PENDING', 'DEAD') AND maybe_sent = 0 AND (claimed_until IS NULL OR claimed_until < ?)",
                now, id, now) == 1;
    }

    /**
     * Cancels this node's claimed purchase together with its queued refund (never sent, nobody sending it), in one
     * transaction; false, and nothing changed, when the refund can no longer be cancelled.
     */
    public boolean cancelWithRefund(long purchaseId, long refundId) {
        return store.inTransaction(c -> {
            if (!cancel(c, refundId)) {
                return false;
            }
            int updated = update(c, "UPDATE outbox SET state = 'CANCELLED', claimed_by = NULL, claimed_until = NULL, "
                    + "updated_at = ? WHERE id = ? AND state = 'PENDING' AND claimed_by = ?", clock.millis(),
                    purchaseId, node);
            if (updated != 1) {
                c.rollback();
                return false;
            }
            return true;
        });
    }

    /** A store owned by one process (SQLite) has no other claimant alive after a restart. */
    public void releaseAllClaims() {
        store.read(c -> update(c, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL "
                + "WHERE claimed_until IS NOT NULL"));
    }

    /** Releases this node's claims (shutdown): nothing of ours waits for a lease to expire. */
    public void releaseOwnClaims() {
        store.read(c -> update(c, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?",
                node));
    }

    public static Optional<OutboxEntry> one(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(OutboxEntry.from(rs)) : Optional.empty();
        }
    }

    public static List<OutboxEntry> many(Connection c, String sql, Object... args) throws SQLException {
        List<OutboxEntry> rows = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(OutboxEntry.from(rs));
            }
        }
        return rows;
    }

    public static List<Long> ids(Connection c, String sql, Object... args) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }
}
