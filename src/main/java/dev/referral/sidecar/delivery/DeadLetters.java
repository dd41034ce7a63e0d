package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Operation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.referral.sidecar.ProblemException;
import dev.referral.sidecar.ProblemType;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/** What an operator can do with dead letters: list them, send one again, or discard it (releasing its lane). */
@ApplicationScoped
public class DeadLetters {

    /** A dead letter as shown to operators: no payload, no personal data. */
    public record DeadLetter(long id, String operation, String key, String customerKey, String reason, int attempts,
            String lastError, Instant createdAt, Instant updatedAt) {

        static DeadLetter of(OutboxEntry e) {
            return new DeadLetter(e.id(), e.operation().name().toLowerCase(java.util.Locale.ROOT), e.dedupeKey(),
                    e.operation() == Operation.RELAY ? null : e.lane(), e.deadReason(), e.attempts(), e.lastError(),
                    e.createdAt(), e.updatedAt());
        }
    }

    private final Store store;
    private final Clock clock;
    private final dev.referral.sidecar.config.DeliveryConfig config;

    DeadLetters(Store store, Clock clock, dev.referral.sidecar.config.DeliveryConfig config) {
        this.store = store;
        this.clock = clock;
        this.config = config;
    }

    public List<DeadLetter> list() {
        return store.read(c -> Outbox.many(c, "SELECT " + OutboxEntry.COLUMNS
                + " FROM outbox WHERE state = 'DEAD' ORDER BY id")).stream().map(DeadLetter::of).toList();
    }

    /**
     * Sends a dead letter again from scratch. An {@code outcome_unknown} dead letter (a credit that may have been
     * paid) is only retried with {@code confirmed}: the operator has checked it did not arrive, so its "maybe sent"
     * mark is cleared. Every retry is logged by id and operation, nothing personal.
     */
    public void retry(long id, Optional<String> confirm) {
        Optional<OutboxEntry> entry = store.read(c -> Outbox.one(c, "SELECT " + OutboxEntry.COLUMNS
                + " FROM outbox WHERE id = ? AND state = 'DEAD'", id));
        boolean unknown = entry.map(e -> Attempts.OUTCOME_UNKNOWN.equals(e.deadReason())).orElse(false);
        if (unknown && !confirm.filter(Attempts.OUTCOME_UNKNOWN::equals).isPresent()) {
            throw new NeedsConfirmation(id);
        }
        // A row that may have reached Partnero is checked upstream first, after the same pause as any other.
        transition(id, "UPDATE outbox SET state = 'PENDING', attempts = 0, maybe_sent = CASE WHEN operation = "
                + "'CREDIT' THEN 0 ELSE maybe_sent END, dead_reason = NULL, next_attempt_at = ? + CASE WHEN "
                + "maybe_sent = 1 AND operation <> 'CREDIT' THEN " + config.checkPause().toMillis() + " ELSE 0 END, "
                + "updated_at = ? WHERE id = ? AND state = 'DEAD'");
        Log.infof("Dead letter %d (%s) retried by an operator%s", id,
                entry.map(e -> e.operation().name().toLowerCase(java.util.Locale.ROOT)).orElse("?"),
                unknown ? ", confirming its outcome_unknown" : "");
    }

    /** Gives up on a dead letter: it is never sent, and the rows behind it in its lane go on. */
    public void discard(long id) {
        transition(id, "UPDATE outbox SET state = 'DISCARDED', next_attempt_at = ?, updated_at = ? "
                + "WHERE id = ? AND state = 'DEAD'");
    }

    private void transition(long id, String sql) {
        long now = clock.millis();
        int updated = store.read(c -> Outbox.update(c, sql, now, now, id));
        if (updated == 1) {
            return;
        }
        boolean exists = store.read(c -> Outbox.one(c, "SELECT " + OutboxEntry.COLUMNS + " FROM outbox WHERE id = ?",
                id)).isPresent();
        throw exists ? new NotDead(id) : new UnknownDeadLetter(id);
    }

    /** 404: no entry with that id. */
    static class UnknownDeadLetter extends ProblemException {
        UnknownDeadLetter(long id) {
            super(ProblemType.NOT_FOUND, "Not found", "No outbox entry " + id);
        }
    }

    /** 409: an {@code outcome_unknown} dead letter is retried only when the operator confirms it. */
    static class NeedsConfirmation extends ProblemException {
        NeedsConfirmation(long id) {
            super(ProblemType.CONFLICT, "Confirmation needed", "Dead letter " + id + " may have reached Partnero "
                    + "(outcome_unknown): check Partnero first, then retry with ?confirm=outcome_unknown");
        }
    }

    /** 409: the entry exists but is not a dead letter. */
    static class NotDead extends ProblemException {
        NotDead(long id) {
            super(ProblemType.CONFLICT, "Not a dead letter", "Outbox entry " + id + " is not dead");
        }
    }
}
