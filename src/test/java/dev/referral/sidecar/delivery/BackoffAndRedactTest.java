package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.config.DeliveryConfig;

class BackoffAndRedactTest {

    private final DeliveryConfig config = config(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void backoffStaysWithinTheExponentialCeilingAndTheCap() {
        for (int attempts = 1; attempts <= 40; attempts++) {
            long ceiling = Math.min(300_000L, 1000L << Math.min(attempts - 1, 30));
            for (int i = 0; i < 50; i++) {
                long wait = Backoff.after(attempts, config).toMillis();
                assertTrue(wait >= 0 && wait <= ceiling, "attempt " + attempts + " waited " + wait);
            }
        }
    }

    @Test
    void backoffIsJittered() {
        long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> Backoff.after(8, config).toMillis())
                .distinct().count();
        assertTrue(distinct > 10, "full jitter spreads retries, got " + distinct + " distinct waits");
    }

    @Test
    void redactRemovesEmailsAndBoundsLength() {
        assertEquals("The <email> has already been taken.",
                Redact.error("The bob@example.com has already been taken."));
        assertEquals(480, Redact.error("x".repeat(2000)).length());
    }

    @Test
    void laravelDotPathsBecomeJsonPaths() {
        assertEquals("transactions[0].amount", RejectedException.brackets("transactions.0.amount"));
        assertEquals("referring_customer.key", RejectedException.brackets("referring_customer.key"));
        assertEquals("events[12]", RejectedException.brackets("events.12"));
    }

    @Test
    void amountsCompareNumerically() {
        assertEquals(Writes.canonical(new java.math.BigDecimal("100")),
                Writes.canonical(new java.math.BigDecimal("100.00")));
        assertEquals("0.5", Writes.canonical(new java.math.BigDecimal("0.50")));
    }

    private static DeliveryConfig config(Duration initial, Duration max) {
        return (DeliveryConfig) java.lang.reflect.Proxy.newProxyInstance(DeliveryConfig.class.getClassLoader(),
                new Class<?>[] { DeliveryConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "backoffInitial" -> initial;
                    case "backoffMax" -> max;
                    default -> throw new IllegalStateException(method.getName());
                });
    }
}
