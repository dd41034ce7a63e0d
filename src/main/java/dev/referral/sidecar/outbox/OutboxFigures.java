package dev.referral.sidecar.outbox;

import static dev.referral.sidecar.outbox.Jdbc.count;
import static dev.referral.sidecar.outbox.Jdbc.ids;
import static dev.referral.sidecar.outbox.Jdbc.many;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

/** The outbox table's figures for operators: the backlog gauges and the admin overview (reads only). */
@ApplicationScoped
public class OutboxFigures {

    /**
     * Pending rows that wait behind a dead letter of their lane ("blocked" in metrics): each lane's first dead letter
     * is found once, then the lane's later open rows through outbox_lane_open. (A test per pending row, "is there a
     * dead letter before me?", walked the lane's earlier open rows for each row: quadratic in a backlog.)
     */
    static final String BLOCKED = "FROM outbox o JOIN (SELECT lane, MIN(id) AS first_dead FROM outbox "
            + "WHERE state = 'DEAD' AND lane IS NOT NULL GROUP BY lane) d ON o.lane = d.lane AND o.id > d.first_dead "
            + "WHERE o.state IN ('PENDING', 'DEAD') AND o.state = 'PENDING'";

    /** Dead letters by operation, through outbox_dead (V5). */
    static final String DEAD_BY_OPERATION = "SELECT operation, COUNT(*) FROM outbox WHERE state = 'DEAD' "
            + "GROUP BY operation";

    /** Pending rows and the oldest one's creation, through outbox_pending (V5). */
    static final String PENDING_AND_OLDEST = "SELECT COUNT(*), COALESCE(MIN(created_at), 0) FROM outbox "
            + "WHERE state = 'PENDING'";

    private static final String SELECT = "SELECT " + OutboxEntry.COLUMNS + " FROM outbox ";

    /** Backlog figures for the gauges. */
    public record Counts(long pending, long blocked, long dead, Map<Operation, Long> deadByOperation,
            long oldestPendingCreatedAt) {
    }

    /** The admin view's figures: rows per state, the pending rows behind a dead letter, the newest rows. */
    public record Overview(Map<OutboxEntry.State, Long> byState, Set<Long> blocked, List<OutboxEntry> recent) {
    }

    private final Store store;

    public OutboxFigures(Store store) {
        this.store = store;
    }

    /**
     * The backlog in three reads, none of them per row: dead letters by operation, pending rows (and the oldest),
     * and, only when there are dead letters, the pending rows behind them.
     */
    public Counts readCounts() {
        return store.read(c -> {
            Map<Operation, Long> byOperation = new EnumMap<>(Operation.class);
            for (Operation operation : Operation.values()) {
                byOperation.put(operation, 0L);
            }
            long dead = 0;
            try (PreparedStatement ps = c.prepareStatement(DEAD_BY_OPERATION);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byOperation.put(Operation.valueOf(rs.getString(1)), rs.getLong(2));
                    dead += rs.getLong(2);
                }
            }
            long pending;
            long oldest;
            try (PreparedStatement ps = c.prepareStatement(PENDING_AND_OLDEST);
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                pending = rs.getLong(1);
                oldest = rs.getLong(2);
            }
            long blocked = dead == 0 ? 0 : count(c, "SELECT COUNT(*) " + BLOCKED);
            return new Counts(pending - blocked, blocked, dead, byOperation, oldest);
        });
    }

    /** Rows per state, the pending rows behind a dead letter, and the newest {@code limit} rows. */
    public Overview readOverview(int limit) {
        return store.read(c -> {
            Set<Long> blocked = Set.copyOf(ids(c, "SELECT o.id " + BLOCKED));
            List<OutboxEntry> recent = many(c, SELECT + "ORDER BY id DESC LIMIT ?", limit);
            Map<OutboxEntry.State, Long> byState = new EnumMap<>(OutboxEntry.State.class);
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM outbox GROUP BY state");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byState.put(OutboxEntry.State.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return new Overview(byState, blocked, recent);
        });
    }
}
