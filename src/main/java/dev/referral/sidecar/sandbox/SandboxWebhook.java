package dev.referral.sidecar.sandbox;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A registered webhook; {@code signature} is its signing secret, as Partnero names it. */
@RegisterForReflection
record SandboxWebhook(String key, String name, String url, List<String> events, boolean isActive,
        String signature, Instant createdAt, Instant updatedAt) {

    boolean wants(String event) {
        return isActive && events.contains(event);
    }
}
