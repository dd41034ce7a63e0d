package dev.referral.sidecar.delivery;

import java.math.BigDecimal;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What each operation stores in the outbox: enough to send it again after a restart. Jackson reads and writes these
 * only through the ObjectMapper, never in a REST signature, so each is registered for reflection: a native
 * executable would otherwise lose their constructors and accessors (PayloadReflectionTest checks them and
 * {@link SignupResult}, a sign-up's stored answer).
 */
final class Payloads {

    private Payloads() {
    }

    /** A sign-up; {@code referrer} is the key the sidecar will send as {@code referring_customer.key}. */
    @RegisterForReflection
    public record Signup(String key, String email, String name, String surname, String dateOfBirth, String referrer) {
        @Override
        public String toString() {
            return "Signup[key=" + key + ", referrer=" + referrer + "]";
        }
    }

    /** A purchase: one transaction of {@code customer}. */
    @RegisterForReflection
    public record Purchase(String customer, String key, BigDecimal amount, String action) {
    }

    /** A refund of transaction {@code key}. */
    @RegisterForReflection
    public record Refund(String key) {
    }

    /** A credit to {@code customer}'s balance. */
    @RegisterForReflection
    public record Credit(String customer, String idempotencyKey, BigDecimal amount, String amountUnits,
            boolean isCurrency) {
    }

    /** A webhook event to relay to the application: the original body, base64. */
    @RegisterForReflection
    public record Relay(String body) {
    }
}
