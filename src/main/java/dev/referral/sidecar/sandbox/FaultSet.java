package dev.referral.sidecar.sandbox;

import java.util.List;

/** The active fault rules, the seed of their randomness, and the webhook faults. */
record FaultSet(long seed, List<FaultRule> rules, WebhookFaults webhooks) {

    static FaultSet none(long seed) {
        return new FaultSet(seed, List.of(), WebhookFaults.NONE);
    }
}
