package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.partnero.PartneroFailure;

/** What one attempt at an outbox entry achieved. */
sealed interface Outcome {

    /**
     * Partnero has it; {@code result} is the operation's JSON answer for the hook (may be null). {@code alongside},
     * when not null, is stored in the same commit as the delivered mark (a sign-up's customer record).
     */
    record Done(String result, Store.Work<?> alongside) implements Outcome {

        Done(String result) {
            this(result, null);
        }
    }

    /** The call failed; the failure's kind decides retry, pause, check or dead letter. */
    record Failed(PartneroFailure failure) implements Outcome {
    }

    /**
     * A purchase that never arrived upstream and is refunded meanwhile: it and its refund ({@code refundId}) are
     * cancelled together, nothing is sent.
     */
    record Cancelled(long refundId) implements Outcome {
    }

    /** Nothing to do upstream, and nothing was ever sent: the entry is removed (a refund unknown to both). */
    record Unknown() implements Outcome {
    }
}
