package dev.referral.sidecar.partnero;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * When and after how long a read is retried in process. Reads have one budget, {@code sidecar.dashboard.budget}
 * (DESIGN.md "Reads"): a {@code Retry-After} of at most half of it is waited out, leaving the other half for the
 * retried attempt; a longer one fails fast, so the dashboard serves its stale copy.
 */
final class ReadRetry {

    private ReadRetry() {
    }

    /**
     * Retry on transport errors, 5xx, 408, 3xx and attempt timeouts; on a 429 only if its {@code Retry-After} is known
     * and at most {@code maxWait}. Never on other 4xx (Partnero answered), an open breaker or a full bulkhead.
     */
    static Predicate<Throwable> when(Duration maxWait) {
        return failure -> {
            if (failure instanceof PartneroUnavailable || failure instanceof TimeoutException) {
                return true;
            }
            // Absent Retry-After means the default pause (seconds), which no read can afford.
            return failure instanceof PartneroThrottled throttled
                    && throttled.retryAfter().filter(wait -> wait.compareTo(maxWait) <= 0).isPresent();
        };
    }

    /**
     * The policy's retry delay, spread uniformly over [delay/2, 3·delay/2] so that parallel readers do not retry in
     * step; after a 429, never sooner than its {@code Retry-After}, plus up to one delay of jitter.
     */
    static final class Backoff implements CustomBackoffStrategy {

        private long delay;

        @Override
        public void init(long initialDelayInMillis) {
            this.delay = Math.max(0, initialDelayInMillis);
        }

        @Override
        public long nextDelayInMillis(Throwable cause) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (cause instanceof PartneroThrottled throttled && throttled.retryAfter().isPresent()) {
                return throttled.retryAfter().get().toMillis() + random.nextLong(delay + 1);
            }
            return delay / 2 + random.nextLong(delay + 1);
        }
    }
}
