package dev.referral.sidecar.outbox;

/**
 * A write about to be accepted: unique per (operation, dedupe key); {@code fingerprint} is its content in a
 * canonical form (amounts compared numerically), so a repeat with the same content is a duplicate and with other
 * content a conflict. {@code lane} orders deliveries: one customer's rows go strictly in acceptance order.
 */
public record NewEntry(Operation operation, String dedupeKey, String lane, String payload, String fingerprint) {
}
