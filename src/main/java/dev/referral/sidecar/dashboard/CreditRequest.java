package dev.referral.sidecar.dashboard;

import java.math.BigDecimal;

import dev.referral.sidecar.IdempotencyKeyHeader;
import dev.referral.sidecar.referral.ValidKey;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/** {@code POST /referrals/{key}/credit}: every field required; deduplicated by {@code idempotency_key}
 * (or the {@code Idempotency-Key} header). */
public record CreditRequest(
        @NotNull @Positive @Digits(integer = 12, fraction = 2) BigDecimal amount,
        @NotNull @Pattern(regexp = "[A-Za-z]{1,16}", message = "must be a unit such as usd") String amountUnits,
        @NotNull Boolean isCurrency,
        @NotNull @ValidKey String idempotencyKey) implements IdempotencyKeyHeader.Keyed<CreditRequest> {

    @Override
    public String bodyKey() {
        return idempotencyKey;
    }

    @Override
    public String bodyKeyField() {
        return "idempotency_key";
    }

    @Override
    public boolean takesHeaderKey() {
        return true;
    }

    @Override
    public CreditRequest withHeaderKey(String headerKey) {
        return new CreditRequest(amount, amountUnits, isCurrency, headerKey);
    }
}
