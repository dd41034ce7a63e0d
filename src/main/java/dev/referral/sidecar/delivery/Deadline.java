package dev.referral.sidecar.delivery;

import java.time.Duration;

import dev.referral.sidecar.partnero.PartneroUnavailable;

/**
 * When one attempt must be over, however many calls it makes: each call is cut at it and none starts after it, so
 * an attempt never outlives the claim it runs under ({@link Sender#ATTEMPT_LIMIT}, half the shortest lease).
 */
record Deadline(long nanos) {

    static Deadline in(Duration limit) {
        return new Deadline(System.nanoTime() + limit.toNanos());
    }

    /**
     * The time left. An attempt out of time fails with an unknown outcome, since an earlier call of it may have
     * reached Partnero: the row is checked upstream before anything is sent again.
     */
    Duration left() {
        long left = nanos - System.nanoTime();
        if (left <= 0) {
            throw new PartneroUnavailable(0, true, "attempt out of time", null);
        }
        return Duration.ofNanos(left);
    }
}
