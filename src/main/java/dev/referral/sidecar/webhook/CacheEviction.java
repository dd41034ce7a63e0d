package dev.referral.sidecar.webhook;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.KeyRule;
import dev.referral.sidecar.dashboard.DashboardCache;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finds the customers a webhook event touches (the customer, the referrer, the referred buyer: by key or by
 * Partnero id, whatever the event carries) and drops their fresh dashboard entries.
 */
@ApplicationScoped
class CacheEviction {

    private static final String[] FIELDS = { "id", "key", "customer", "referred_customer", "referring_customer" };

    private final ObjectMapper json;
    private final DashboardCache dashboards;

    CacheEviction(ObjectMapper json, DashboardCache dashboards) {
        this.json = json;
        this.dashboards = dashboards;
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
        keys.stream().filter(KeyRule::valid).map(CustomerKey::new).forEach(dashboards::evict);
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
