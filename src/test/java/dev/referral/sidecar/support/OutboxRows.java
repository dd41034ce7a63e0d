package dev.referral.sidecar.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import dev.referral.sidecar.delivery.NewEntry;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxIntake;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Store;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads the outbox as a test sees it (state, attempts), and empties it between tests. */
@ApplicationScoped
public class OutboxRows {

    /** A row's state and counters. */
    public record Row(String state, int attempts, boolean maybeSent, String deadReason, String lane, long id) {
    }

    private final Store store;

    OutboxRows(Store store) {
        this.store = store;
    }

    public void clear() {
        store.write(c -> {
            c.createStatement().executeUpdate("DELETE FROM outbox");
            c.createStatement().executeUpdate("DELETE FROM customers");
            return null;
        });
    }

    public Optional<Row> row(String operation, String key) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, attempts, maybe_sent, dead_reason, lane, id "
                    + "FROM outbox WHERE operation = ? AND dedupe_key = ?")) {
                ps.setString(1, operation);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Row(rs.getString(1), rs.getInt(2), rs.getInt(3) != 0,
                            rs.getString(4), rs.getString(5), rs.getLong(6))) : Optional.empty();
                }
            }
        });
    }

    /** Inserts {@code entry} claimed by {@code outbox}'s node, or finds the row already there. */
    public static Optional<OutboxEntry> insertClaimed(Outbox outbox, Connection c, NewEntry entry)
            throws SQLException {
        OutboxIntake intake = new OutboxIntake(outbox);
        java.util.TreeSet<String> lanes = new java.util.TreeSet<>();
        if (entry.lane() != null) {
            lanes.add(entry.lane());
        }
        long now = intake.lockLanes(c, lanes);
        return intake.insertOrFind(c, entry.operation(), entry.dedupeKey(), entry.lane(), entry.payload(),
                entry.fingerprint(), OutboxIntake.Start.CLAIMED, 0, now).existing();
    }

    public String state(String operation, String key) {
        return row(operation, key).map(Row::state).orElse("ABSENT");
    }

    /** The row's parked flag (V6): 1 while it waits behind an open row of its lane. */
    public long parked(String operation, String key) {
        return store.read(c -> {
            try (var ps = c.prepareStatement("SELECT parked FROM outbox WHERE operation = ? AND dedupe_key = ?")) {
                ps.setString(1, operation);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1L;
                }
            }
        });
    }

    public long count(String where) {
        return store.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM outbox WHERE " + where)) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** True when the sidecar's customer record of {@code key} is stored. */
    public boolean customerRecorded(String key) {
        return store.read(c -> {
            try (var ps = c.prepareStatement("SELECT 1 FROM customers WHERE customer_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
