package dev.referral.sidecar.delivery;

import java.util.Optional;

import dev.referral.sidecar.referral.CustomerKey;

/**
 * CDI event fired after a purchase, refund or credit reached Partnero, so read-side caches can evict what it changed
 * without {@code delivery} depending on them: the customer it concerns and, from the sidecar's own sign-up record,
 * that customer's referrer.
 */
public record Delivered(CustomerKey customer, Optional<CustomerKey> referrer) {
}
