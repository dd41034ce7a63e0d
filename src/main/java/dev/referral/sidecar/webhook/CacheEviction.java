package dev.referral.sidecar.webhook;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.KeyRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

/**
 * Finds the customers a webhook event touches (the customer, the referrer, the referred buyer: by key or by
 * Partnero id, whatever the event carries) and announces them, so the dashboard drops their fresh entries.
 */
@ApplicationScoped
class CacheEviction {

    private static final String[] FIELDS = { "id", "key", "customer", "referred_customer", "referring_customer" };

    private final ObjectMapper json;
    private final Event<CustomerTouched> touched;

    CacheEviction(ObjectMapper json, Event<CustomerTouched> touched) {
        this.json = json;
        this.touched = touched;
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
        keys.stream().filter(KeyRule::valid).map(CustomerKey::new).forEach(k -> touched.fire(new CustomerTouched(k)));
    }

    private static void collect(JsonNode node, Set<String> keys) {
        for (String field : FIELDS) {
            JsonNode value = node.path(field);
            if (value.isTextual()) {
                keys.add(value.asText());
            } else if (value.isObject()) {
                keys.add(value.path("id").asText(""));
                keys.add(value.path("key").asText(""));
            }
        }
    }
}
