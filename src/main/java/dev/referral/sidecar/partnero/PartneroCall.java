package dev.referral.sidecar.partnero;

import java.util.Locale;
import java.util.Optional;

/**
 * The operations of {@link PartneroClient}: the {@code operation} tag of its metrics, the policy that guards it
 * ({@link PartneroGuards}) and, for guarded ones, the name of its own circuit breaker.
 */
enum PartneroCall {
    CREATE_CUSTOMER(Policy.WRITE),
    CUSTOMER(Policy.READ),
    STATS(Policy.READ),
    BALANCE(Policy.READ),
    REFERRALS(Policy.READ),
    CREDIT(Policy.WRITE),
    CREATE_TRANSACTION(Policy.WRITE),
    TRANSACTION(Policy.READ),
    DELETE_TRANSACTION(Policy.WRITE),
    TEST(Policy.CHECK);

    /** Which fault-tolerance policy guards an operation. */
    enum Policy {
        /** Retried when safe; breaker and bulkhead per operation. */
        READ,
        /** One attempt; breaker and bulkhead per operation. */
        WRITE,
        /** The start-up credential check: one attempt with a deadline, nothing else. */
        CHECK
    }

    private final Policy policy;

    PartneroCall(Policy policy) {
        this.policy = policy;
    }

    Policy policy() {
        return policy;
    }

    /** A write the outbox delivers: its open breaker pauses the dispatcher (DESIGN.md "Unavailability"). */
    boolean write() {
        return policy == Policy.WRITE;
    }

    /** Metric tag: {@code create_customer}. */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Breaker name: {@code partnero-create-customer}; empty for the credential check, which has none. */
    Optional<String> breaker() {
        return policy == Policy.CHECK ? Optional.empty() : Optional.of("partnero-" + tag().replace('_', '-'));
    }
}
