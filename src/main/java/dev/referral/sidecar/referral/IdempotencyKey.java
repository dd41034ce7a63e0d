package dev.referral.sidecar.referral;

/** The idempotency key of a credit. Valid by construction ({@link KeyRule}). */
public record IdempotencyKey(String value) {

    public IdempotencyKey {
        KeyRule.require(value, "idempotency key");
    }

    @Override
    public String toString() {
        return value;
    }
}
