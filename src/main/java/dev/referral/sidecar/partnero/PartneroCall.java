package dev.referral.sidecar.partnero;

import java.util.Locale;
import java.util.Optional;

/**
 * The operations of {@link PartneroClient}: the {@code operation} tag of its metrics and, for guarded ones, the name
 * of its circuit breaker ({@code @CircuitBreakerName} repeats it, SmallRye wants one breaker per method).
 */
enum PartneroCall {
    CREATE_CUSTOMER(true, true),
    CUSTOMER(true, false),
    STATS(true, false),
    BALANCE(true, false),
    REFERRALS(true, false),
    CREDIT(true, true),
    CREATE_TRANSACTION(true, true),
    TRANSACTION(true, false),
    DELETE_TRANSACTION(true, true),
    TEST(false, false);

    private final boolean guarded;
    private final boolean write;

    PartneroCall(boolean guarded, boolean write) {
        this.guarded = guarded;
        this.write = write;
    }

    /** A write the outbox delivers: its open breaker pauses the dispatcher (DESIGN.md "Unavailability"). */
    boolean write() {
        return write;
    }

    /** The {@code PartneroClient} method name, as fault-tolerance configuration keys spell it. */
    String method() {
        String[] words = tag().split("_");
        StringBuilder name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.toString();
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
