package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Operation;

/**
 * A write about to be accepted, built by {@link Delivery} and stored as one outbox row: unique per (operation, dedupe
 * key); {@code fingerprint} is its content in a canonical form (amounts compared numerically), so a repeat with the
 * same content is a duplicate and with other content a conflict. {@code lane} orders deliveries: one customer's rows
 * go strictly in acceptance order.
 */
public record NewEntry(Operation operation, String dedupeKey, String lane, String payload, String fingerprint) {
}
