package dev.referral.sidecar.dashboard;

import java.math.BigDecimal;

import dev.referral.sidecar.referral.ValidKey;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/** {@code POST /referrals/{key}/credit}: every field required; deduplicated by {@code idempotency_key}. */
public record CreditRequest(
        @NotNull @Positive @Digits(integer = 12, fraction = 2) BigDecimal amount,
        @NotNull @Pattern(regexp = "[A-Za-z]{1,16}", message = "must be a unit such as usd") String amountUnits,
        @NotNull Boolean isCurrency,
        @NotNull @ValidKey String idempotencyKey) {
}
