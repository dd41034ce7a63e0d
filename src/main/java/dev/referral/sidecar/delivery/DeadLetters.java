package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxUpkeep;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Operation;

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

    private final Outbox outbox;
    private final OutboxUpkeep upkeep;
    private final dev.referral.sidecar.config.DeliveryConfig config;
    private final SignupRecords signups;

    DeadLetters(Outbox outbox, OutboxUpkeep upkeep, dev.referral.sidecar.config.DeliveryConfig config,
            SignupRecords signups) {
        this.outbox = outbox;
        this.upkeep = upkeep;
        this.config = config;
        this.signups = signups;
    }

    /** One page of dead letters, oldest first, and whether more follow it. */
    public record Page(List<DeadLetter> items, boolean more) {
    }

    /** At most {@code limit} dead letters with an id above {@code after}: a page, never the whole table at once. */
    public Page list(long after, int limit) {
        List<OutboxEntry> rows = upkeep.readDead(after, limit + 1);
        return new Page(rows.stream().limit(limit).map(DeadLetter::of).toList(), rows.size() > limit);
    }

    /**
     * Sends a dead letter again from scratch. An {@code outcome_unknown} dead letter, or any credit that may have been
     * sent whatever its reason (a credit has no look-up upstream: it may have been paid), is only retried with
     * {@code confirmed}: the operator has checked it did not arrive, so its "maybe sent" mark is cleared. Every retry
     * is logged by id and operation, nothing personal.
     */
    public void retry(long id, Optional<String> confirm) {
        Optional<OutboxEntry> entry = outbox.byId(id).filter(e -> e.state() == OutboxEntry.State.DEAD);
        boolean unknown = entry.map(e -> FailedAttempts.OUTCOME_UNKNOWN.equals(e.deadReason())
                || e.operation() == Operation.CREDIT && e.maybeSent()).orElse(false);
        if (unknown && !confirm.filter(FailedAttempts.OUTCOME_UNKNOWN::equals).isPresent()) {
            throw new NeedsConfirmation(id);
        }
        // A row that may have reached Partnero is checked upstream first, after the same pause as any other.
        check(id, upkeep.retryDead(id, config.checkPause()));
        signups.forgetAbsences();
        Log.infof("Dead letter %d (%s) retried by an operator%s", id,
                entry.map(e -> e.operation().name().toLowerCase(java.util.Locale.ROOT)).orElse("?"),
                unknown ? ", confirming its outcome_unknown" : "");
    }

    /** Gives up on a dead letter: it is never sent, and the rows behind it in its lane go on. */
    public void discard(long id) {
        check(id, upkeep.discardDead(id));
    }

    private void check(long id, boolean transitioned) {
        if (transitioned) {
            return;
        }
        throw outbox.byId(id).isPresent() ? new NotDead(id) : new UnknownDeadLetter(id);
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
