package dev.referral.sidecar.sandbox;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** What a committed change answers with, and the webhook events it raises once the lock is released. */
record Change(JsonNode data, List<WebhookEvent> events) {

    static Change of(JsonNode data, WebhookEvent... events) {
        return new Change(data, List.of(events));
    }
}
