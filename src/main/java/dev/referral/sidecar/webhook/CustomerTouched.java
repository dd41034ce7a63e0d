package dev.referral.sidecar.webhook;

import dev.referral.sidecar.referral.CustomerKey;

/** CDI event: a Partnero webhook says something about this customer changed. */
public record CustomerTouched(CustomerKey customer) {
}
