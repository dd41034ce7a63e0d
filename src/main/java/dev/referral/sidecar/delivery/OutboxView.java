package dev.referral.sidecar.delivery;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.OutboxFigures;
import dev.referral.sidecar.outbox.OutboxEntry;
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

    private final OutboxFigures outbox;
    private final WriteGate gate;

    OutboxView(OutboxFigures outbox, WriteGate gate) {
        this.outbox = outbox;
        this.gate = gate;
    }

    public Overview overview(int limit) {
        OutboxFigures.Overview read = outbox.readOverview(limit);
        List<Row> recent = read.recent().stream().map(e -> row(e, read.blocked().contains(e.id()))).toList();
        return new Overview(counts(read.byState(), read.blocked().size()), pause(), recent);
    }

    private Pause pause() {
        boolean paused = !gate.open();
        return new Pause(paused, gate.keyRefused(), paused ? gate.opensAt() : null);
    }

    private static Map<String, Long> counts(Map<OutboxEntry.State, Long> byState, long blocked) {
        Map<String, Long> counts = new LinkedHashMap<>();
        STATES.forEach(s -> counts.put(s, 0L));
        byState.forEach((state, n) -> counts.put(state.name().toLowerCase(Locale.ROOT), n));
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
