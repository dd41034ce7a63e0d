package dev.referral.sidecar.sandbox;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** One event to deliver after a change has committed: its name and the {@code data} of the envelope. */
record WebhookEvent(String name, JsonNode data) {

    static final String CUSTOMER_CREATED = "customer.created";
    static final String CUSTOMER_UPDATED = "customer.updated";
    static final String CUSTOMER_DELETED = "customer.deleted";
    static final String CUSTOMER_REWARDED = "customer.rewarded";
    static final String CUSTOMER_CREDITED = "customer.credited";
    static final String TRANSACTION_CREATED = "transaction.created";
    static final String TRANSACTION_DELETED = "transaction.deleted";

    /** The five reference events plus the two only the official n8n trigger knows (PARTNERO.md section 5). */
    static final List<String> ALLOWED = List.of(CUSTOMER_CREATED, CUSTOMER_UPDATED, CUSTOMER_DELETED,
            TRANSACTION_CREATED, TRANSACTION_DELETED, CUSTOMER_REWARDED, CUSTOMER_CREDITED);
}
