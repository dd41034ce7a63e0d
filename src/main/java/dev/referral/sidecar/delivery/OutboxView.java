package dev.referral.sidecar.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Store;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The queue at a glance, read-only: how many rows are in each state, the most recent rows, and whether writes are
 * paused. Shows no payload and no personal data (keys only, as the dead-letter view does).
 */
@ApplicationScoped
public class OutboxView {

    /** Every state a row can be shown in; {@code blocked} is a pending row waiting behind a dead letter. */
    static final List<String> STATES = List.of("pending", "blocked", "delivered", "dead", "cancelled", "discarded");

    /** Counts per state, the write pause, and the newest rows first. */
    public record Overview(Map<String, Long> counts, Pause pause, List<Row> recent) {
    }

    /** The write gate: closed after a 429 until {@code until}, or while Partnero refuses the API key. */
    public record Pause(boolean paused, boolean keyRefused, Instant until) {
    }

    /** One row as shown to operators: no payload, no email. {@code reason} is the dead-letter reason. */
    public record Row(long id, String operation, String key, String customerKey, String state, int attempts,
            String reason, String lastError, Instant nextAttemptAt, Instant createdAt, Instant updatedAt) {
    }

    private final Store store;
    private final WriteGate gate;

    OutboxView(Store store, WriteGate gate) {
        this.store = store;
        this.gate = gate;
    }

    public Overview overview(int limit) {
        return store.read(c -> {
            Set<Long> blocked = Set.copyOf(Outbox.ids(c, "SELECT id FROM outbox WHERE state = 'PENDING' AND "
                    + Outbox.BEHIND_DEAD));
            List<Row> recent = Outbox.many(c, "SELECT " + OutboxEntry.COLUMNS + " FROM outbox ORDER BY id DESC "
                    + "LIMIT ?", limit).stream().map(e -> row(e, blocked.contains(e.id()))).toList();
            return new Overview(counts(c, blocked.size()), pause(), recent);
        });
    }

    private Pause pause() {
        boolean paused = !gate.open();
        return new Pause(paused, gate.keyRefused(), paused ? gate.opensAt() : null);
    }

    private static Map<String, Long> counts(Connection c, long blocked) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        STATES.forEach(s -> counts.put(s, 0L));
        try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM outbox GROUP BY state");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getLong(2));
            }
        }
        counts.put("pending", counts.get("pending") - blocked);
        counts.put("blocked", blocked);
        return counts;
    }

    private static Row row(OutboxEntry e, boolean blocked) {
        String state = blocked ? "blocked" : e.state().name().toLowerCase(Locale.ROOT);
        return new Row(e.id(), e.operation().name().toLowerCase(Locale.ROOT), e.dedupeKey(),
                e.operation() == Operation.RELAY ? null : e.lane(), state, e.attempts(), e.deadReason(),
                e.lastError(), e.state() == OutboxEntry.State.PENDING ? e.nextAttemptAt() : null, e.createdAt(),
                e.updatedAt());
    }
}
