package dev.referral.sidecar.partnero;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

/** A transaction as answered (2.2): {@code customer} is the referrer's id, {@code referredCustomer} the buyer's. */
public record Transaction(
        String key,
        String action,
        BigDecimal amount,
        JsonNode customer,
        JsonNode referredCustomer,
        String amountUnits,
        String createdAt,
        JsonNode rewards) {
}
