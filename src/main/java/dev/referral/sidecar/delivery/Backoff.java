package dev.referral.sidecar.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import dev.referral.sidecar.config.DeliveryConfig;

/**
 * Exponential backoff with full jitter: a random wait in [0, min(cap, max(initial × 2^(n-1), age))], where n counts
 * the strikes and age is how long the write has been waiting, so that retries thin out during a long outage even
 * though its failures are not strikes. Rows held by a closed gate are spread over one more pause when it reopens.
 */
final class Backoff {

    private Backoff() {
    }

    static Duration after(int attempts, DeliveryConfig config) {
        return after(attempts, Duration.ZERO, config);
    }

    static Duration after(int attempts, Duration age, DeliveryConfig config) {
        long initial = config.backoffInitial().toMillis();
        long cap = config.backoffMax().toMillis();
        int shift = Math.min(Math.max(attempts - 1, 0), 30);
        long ceiling = Math.max(initial << shift, age.toMillis());
        if (ceiling <= 0 || ceiling > cap) {
            ceiling = cap;
        }
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /** When a row held by the gate is due: after it reopens, spread over the pause again (at most the cap). */
    static Instant reopen(Instant now, Instant opensAt, DeliveryConfig config) {
        long pause = Math.min(Math.max(opensAt.toEpochMilli() - now.toEpochMilli(), 0),
                config.backoffMax().toMillis());
        Instant from = opensAt.isAfter(now) ? opensAt : now;
        return from.plusMillis(ThreadLocalRandom.current().nextLong(pause + 1));
    }
}
