package dev.referral.sidecar.sandbox;

import java.math.BigDecimal;
import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The referrer's share of one sale; a refund sets {@code deletedAt}. */
@RegisterForReflection
record SandboxReward(String key, String action, BigDecimal amount, String amountUnits, Instant createdAt,
        Instant deletedAt) {

    SandboxReward reversed(Instant now) {
        return new SandboxReward(key, action, amount, amountUnits, createdAt, now);
    }
}
