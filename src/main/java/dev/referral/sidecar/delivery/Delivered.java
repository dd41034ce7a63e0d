package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Operation;

import java.util.Optional;

import dev.referral.sidecar.referral.CustomerKey;

/**
 * CDI event fired after a write reached Partnero, so read-side caches can evict what it changed without
 * {@code delivery} depending on them: the customer it concerns and, from the sidecar's own sign-up record, that
 * customer's referrer.
 */
public record Delivered(Operation operation, CustomerKey customer, Optional<CustomerKey> referrer) {
}
