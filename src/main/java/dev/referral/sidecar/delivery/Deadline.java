package dev.referral.sidecar.delivery;

import java.time.Duration;

import dev.referral.sidecar.partnero.PartneroUnavailable;

/**
 * When one attempt must be over, however many calls it makes: each call is cut at it and none starts after it, so
 * an attempt never outlives the claim it runs under ({@link Sender#ATTEMPT_LIMIT}, half the shortest lease). It runs
 * from when the attempt is handed to its sender, a wait for a worker thread included.
 */
final class Deadline {

    private final long nanos;
    /** Whether a call of this attempt has started: from then on, its outcome may be unknown. */
    private volatile boolean called;

    private Deadline(long nanos) {
        this.nanos = nanos;
    }

    static Deadline in(Duration limit) {
        return new Deadline(System.nanoTime() + limit.toNanos());
    }

    /**
     * The time left for the call about to start. An attempt out of time fails: with an unknown outcome when an
     * earlier call of it may have reached Partnero (the row is checked upstream before anything is sent again), as
     * not sent when none started.
     */
    Duration left() {
        long left = nanos - System.nanoTime();
        if (left <= 0) {
            throw new PartneroUnavailable(0, called, called ? "attempt out of time"
                    : "attempt out of time before its first call", null);
        }
        called = true;
        return Duration.ofNanos(left);
    }
}
