package dev.referral.sidecar.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import dev.referral.sidecar.config.DeliveryConfig;

/** Exponential backoff with full jitter: a random wait in [0, min(cap, initial × 2^(n-1))]. */
final class Backoff {

    private Backoff() {
    }

    static Duration after(int attempts, DeliveryConfig config) {
        long initial = config.backoffInitial().toMillis();
        long cap = config.backoffMax().toMillis();
        int shift = Math.min(Math.max(attempts - 1, 0), 30);
        long ceiling = Math.min(cap, initial << shift);
        if (ceiling <= 0 || ceiling > cap) {
            ceiling = cap;
        }
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
