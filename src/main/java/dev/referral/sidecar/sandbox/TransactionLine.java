package dev.referral.sidecar.sandbox;

import java.math.BigDecimal;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One transaction of a single or batch create, checked field by field; {@code prefix} is {@code transactions.<i>.}. */
record TransactionLine(String key, String action, BigDecimal amount, String amountUnits) {

    static TransactionLine read(ObjectNode body, String prefix, Violations violations) {
        String key = Rules.string(body, "key", prefix + "key", 1, violations);
        BigDecimal amount = Rules.amount(body, "amount", prefix + "amount", true, violations);
        String action = Rules.string(body, "action", prefix + "action", 1, violations);
        String units = Rules.string(body, "amount_units", prefix + "amount_units", 1, violations);
        return new TransactionLine(key, action == null ? "sale" : action, amount,
                units == null ? "USD" : units.toUpperCase(Locale.ROOT));
    }

    boolean isSale() {
        return action.equalsIgnoreCase("sale");
    }
}
