package dev.referral.sidecar.partnero;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * When and after how long a read is retried in process. SmallRye instantiates both classes reflectively (no CDI;
 * registered for reflection, so a native executable keeps their constructors too), so the one setting they need is
 * read from the configuration here. Reads have one budget,
 * {@code sidecar.dashboard.budget} (DESIGN.md "Reads"): a {@code Retry-After} of at most half of it is waited out,
 * leaving the other half for the retried attempt; a longer one fails fast, so the dashboard serves its stale copy.
 */
public final class ReadRetry {

    static final String BUDGET_PROPERTY = "sidecar.dashboard.budget";
    static final Duration BUDGET_DEFAULT = Duration.ofSeconds(2);

    private ReadRetry() {
    }

    /**
     * Retry on transport errors, 5xx, 408, 3xx and attempt timeouts; on a 429 only if its {@code Retry-After} is known
     * and fits the wait. Never on other 4xx (Partnero answered), an open breaker or a full bulkhead.
     */
    @RegisterForReflection
    public static final class When implements Predicate<Throwable> {

        private final Duration maxWait = ConfigProvider.getConfig()
                .getOptionalValue(BUDGET_PROPERTY, Duration.class).orElse(BUDGET_DEFAULT).dividedBy(2);

        @Override
        public boolean test(Throwable failure) {
            if (failure instanceof PartneroUnavailable || failure instanceof TimeoutException) {
                return true;
            }
            // Absent Retry-After means the default pause (seconds), which no read can afford.
            return failure instanceof PartneroThrottled throttled
                    && throttled.retryAfter().filter(wait -> wait.compareTo(maxWait) <= 0).isPresent();
        }
    }

    /**
     * The configured {@code retry.delay}, spread uniformly over [delay/2, 3·delay/2] so that parallel readers do not
     * retry in step ({@code @CustomBackoff} replaces {@code retry.jitter}); after a 429, never sooner than its
     * {@code Retry-After}, plus up to one delay of jitter.
     */
    @RegisterForReflection
    public static final class Backoff implements CustomBackoffStrategy {

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
