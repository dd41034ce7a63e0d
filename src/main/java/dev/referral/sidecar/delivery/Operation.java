package dev.referral.sidecar.delivery;

/** What an outbox entry does upstream. Dedupe is unique per (operation, key). */
public enum Operation {
    SIGNUP,
    PURCHASE,
    REFUND,
    CREDIT,
    RELAY
}
