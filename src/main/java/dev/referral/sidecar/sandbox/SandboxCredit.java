package dev.referral.sidecar.sandbox;

import java.math.BigDecimal;
import java.time.Instant;

/** A manual balance credit; like Partnero's, it has no key and cannot be looked up on its own. */
record SandboxCredit(String customerUid, BigDecimal amount, String amountUnits, boolean isCurrency,
        Instant createdAt) {
}
