package dev.referral.sidecar.delivery;

import dev.referral.sidecar.partnero.PartneroFailure;

/** What one attempt at an outbox entry achieved. */
sealed interface Outcome {

    /** Partnero has it; {@code result} is the operation's JSON answer for the hook (may be null). */
    record Done(String result) implements Outcome {
    }

    /** The call failed; the failure's kind decides retry, pause, check or dead letter. */
    record Failed(PartneroFailure failure) implements Outcome {
    }

    /** Nothing to do upstream, and nothing was ever sent: the entry is removed (a refund unknown to both). */
    record Unknown() implements Outcome {
    }
}
