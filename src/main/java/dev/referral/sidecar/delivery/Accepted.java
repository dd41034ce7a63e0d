package dev.referral.sidecar.delivery;

import java.util.Optional;

import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.partnero.PartneroFailure;

/**
 * What became of one submitted write. {@code earlier}: how far the write accepted before under the same key has
 * come (a duplicate, or the repeat of a dead letter); {@code result}: the operation's JSON answer once delivered;
 * {@code rejection}: Partnero's refusal.
 */
public record Accepted(NewEntry entry, Status status, Optional<Earlier> earlier, String result,
        Optional<PartneroFailure> rejection) {

    /**
     * {@code REJECTED}: Partnero refused it, now or when it was first accepted (a repeat of a dead letter).
     * {@code DEAD_LETTER}: stored, but waiting for an operator without Partnero having refused it (a credit whose
     * answer was lost).
     */
    public enum Status { DELIVERED, QUEUED, DUPLICATE, REJECTED, NOT_FOUND, DEAD_LETTER }

    /** Where the write accepted before is: still queued, delivered, a dead letter, or closed (never to be sent). */
    public enum Earlier {
        QUEUED, DELIVERED, DEAD, CLOSED;

        static Earlier of(OutboxEntry.State state) {
            return switch (state) {
                case PENDING -> QUEUED;
                case DELIVERED -> DELIVERED;
                case DEAD -> DEAD;
                case CANCELLED, DISCARDED -> CLOSED;
            };
        }
    }

    static Accepted queued(NewEntry entry) {
        return new Accepted(entry, Status.QUEUED, Optional.empty(), null, Optional.empty());
    }

    /** Neither the sidecar nor Partnero knows it (a refund of an unknown transaction): nothing is kept. */
    static Accepted notFound(NewEntry entry) {
        return new Accepted(entry, Status.NOT_FOUND, Optional.empty(), null, Optional.empty());
    }
}
