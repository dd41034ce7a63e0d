package dev.referral.sidecar.sandbox;

import java.math.BigDecimal;
import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A manual balance credit; like Partnero's, it has no key and cannot be looked up on its own. */
@RegisterForReflection
record SandboxCredit(String customerUid, BigDecimal amount, String amountUnits, boolean isCurrency,
        Instant createdAt) {
}
