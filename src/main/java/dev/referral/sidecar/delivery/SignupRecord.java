package dev.referral.sidecar.delivery;

import java.util.Optional;

import dev.referral.sidecar.referral.CustomerKey;

/**
 * What the sidecar knows about a sign-up it accepted: whether it still waits for delivery, Partnero's {@code id}
 * for the customer once created (H3: it may differ from the key), and the referrer Partnero accepted.
 */
public record SignupRecord(CustomerKey key, boolean pending, Optional<String> partneroId,
        Optional<CustomerKey> referrer) {
}
