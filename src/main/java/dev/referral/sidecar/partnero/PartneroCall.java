package dev.referral.sidecar.partnero;

import java.util.Locale;
import java.util.Optional;

/**
 * The operations of {@link PartneroClient}: the {@code operation} tag of its metrics and, for guarded ones, the name
 * of its circuit breaker ({@code @CircuitBreakerName} repeats it, SmallRye wants one breaker per method).
 */
enum PartneroCall {
    CREATE_CUSTOMER(true),
    CUSTOMER(true),
    STATS(true),
    BALANCE(true),
    REFERRALS(true),
    CREDIT(true),
    CREATE_TRANSACTION(true),
    TRANSACTION(true),
    DELETE_TRANSACTION(true),
    TEST(false);

    private final boolean guarded;

    PartneroCall(boolean guarded) {
        this.guarded = guarded;
    }

    /** Metric tag: {@code create_customer}. */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Breaker name: {@code partnero-create-customer}; empty for the unguarded credential check. */
    Optional<String> breaker() {
        return guarded ? Optional.of("partnero-" + tag().replace('_', '-')) : Optional.empty();
    }
}
