package dev.referral.sidecar.referral;

/** A transaction's key: the application's invoice or order id, the idempotency key of a purchase. Valid by construction ({@link KeyRule}). */
public record TransactionKey(String value) {

    public TransactionKey {
        KeyRule.require(value, "transaction key");
    }

    @Override
    public String toString() {
        return value;
    }
}
