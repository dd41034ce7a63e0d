package dev.referral.sidecar.webhook;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.KeyRule;
import dev.referral.sidecar.dashboard.DashboardCache;
import dev.referral.sidecar.delivery.Delivery;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finds the customers a webhook event touches (the customer, the referrer, the referred buyer: by key or by
 * Partnero id, whatever the event carries) and drops their fresh dashboard entries. Dashboards are cached by the
 * customer's key, and Partnero names customers by its own id (H3), which need not be the key: every value is evicted
 * as a key, and, when it is the Partnero id of a customer this sidecar created, as that customer's key too.
 */
@ApplicationScoped
class CacheEviction {

    private static final String[] FIELDS = { "id", "key", "customer", "referred_customer", "referring_customer" };
    /** Longer values are no Partnero id of ours (the column holds 255): not looked up. */
    private static final int MAX_ID = 255;

    private final ObjectMapper json;
    private final DashboardCache dashboards;
    private final Delivery delivery;

    CacheEviction(ObjectMapper json, DashboardCache dashboards, Delivery delivery) {
        this.json = json;
        this.dashboards = dashboards;
        this.delivery = delivery;
    }

    void evictFor(byte[] body) {
        JsonNode data;
        try {
            data = json.readTree(body).path("data");
        } catch (IOException e) {
            return;
        }
        Set<String> keys = new LinkedHashSet<>();
        collect(data, keys);
        collect(data.path("customer"), keys);
        collect(data.path("transaction"), keys);
        keys.remove("");
        Set<CustomerKey> customers = new LinkedHashSet<>();
        for (String value : keys) {
            if (KeyRule.valid(value)) {
                customers.add(new CustomerKey(value));
            }
            if (value.length() <= MAX_ID) {
                delivery.customerKnownUpstreamAs(value).ifPresent(customers::add);
            }
        }
        customers.forEach(dashboards::evict);
    }

    private static void collect(JsonNode node, Set<String> keys) {
        for (String field : FIELDS) {
            JsonNode value = node.path(field);
            if (value.isObject()) {
                keys.add(scalar(value.path("id")));
                keys.add(scalar(value.path("key")));
            } else {
                keys.add(scalar(value));
            }
        }
    }

    /** A text or whole-number id (Partnero's ids may be numbers); anything else is no id. */
    private static String scalar(JsonNode value) {
        return value.isTextual() || value.isIntegralNumber() ? value.asText() : "";
    }
}
