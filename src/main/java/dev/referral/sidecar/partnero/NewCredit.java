package dev.referral.sidecar.partnero;

import java.math.BigDecimal;

/** {@code POST /customers/{key}/balance/credit} body; all fields required upstream. */
public record NewCredit(BigDecimal amount, String amountUnits, boolean isCurrency) {
}
