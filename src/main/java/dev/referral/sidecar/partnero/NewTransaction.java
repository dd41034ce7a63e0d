package dev.referral.sidecar.partnero;

import java.math.BigDecimal;

/** {@code POST /transactions} body, one transaction; {@code amount} a JSON number, {@code action} always sent. */
public record NewTransaction(CustomerRef customer, String key, BigDecimal amount, String action) {
}
