package dev.referral.sidecar.outbox;

/** What an outbox entry does upstream. Dedupe is unique per (operation, key). */
public enum Operation {
    SIGNUP,
    PURCHASE,
    REFUND,
    CREDIT,
    RELAY
}
