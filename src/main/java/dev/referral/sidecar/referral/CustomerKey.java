package dev.referral.sidecar.referral;

/** A customer's key: the application's user id, Partnero's customer key. Valid by construction ({@link KeyRule}). */
public record CustomerKey(String value) {

    public CustomerKey {
        KeyRule.require(value, "customer key");
    }

    @Override
    public String toString() {
        return value;
    }
}
