package dev.referral.sidecar.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Delivers webhook events after their change has committed, as Partnero does (PARTNERO.md sections 5 and 7.7):
 * the envelope's exact bytes are signed ({@code Signature}: lowercase hex HMAC-SHA256), a non-2xx or no answer
 * within 5 s fails an attempt, and up to 5 attempts run 1, 2, 4 and 8 s apart with identical bytes.
 */
@ApplicationScoped
class WebhookDispatcher {

    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    private static final int RETRIES = 4;

    private final SandboxStore store;
    private final Faults faults;
    private final Clock clock;
    private final WebhookDeliveryLog deliveries;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(ATTEMPT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    WebhookDispatcher(SandboxStore store, Faults faults, Clock clock, WebhookDeliveryLog deliveries) {
        this.store = store;
        this.faults = faults;
        this.clock = clock;
        this.deliveries = deliveries;
    }

    /** Sends each event to every active webhook subscribed to it; returns at once. */
    void publish(List<WebhookEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<SandboxWebhook> webhooks = store.read(State::webhooks);
        WebhookFaults injected = faults.webhookFaults();
        for (WebhookEvent event : events) {
            webhooks.stream().filter(w -> w.wants(event.name())).forEach(webhook -> {
                byte[] body = PartneroJson.write(envelope(event, webhook));
                // A wrong signature is still well-formed: a valid HMAC under another key.
                String signature = sign(injected.badSignature() ? "wrong-" + webhook.signature()
                        : webhook.signature(), body);
                for (int copy = injected.duplicate() ? 2 : 1; copy > 0; copy--) {
                    deliver(event.name(), webhook.url(), body, signature);
                }
            });
        }
    }

    private ObjectNode envelope(WebhookEvent event, SandboxWebhook webhook) {
        ObjectNode envelope = PartneroJson.object();
        envelope.put("event", event.name());
        envelope.put("url", webhook.url());
        envelope.put("webhook_key", webhook.key());
        envelope.put("created_at", PartneroJson.time(clock.instant()));
        envelope.set("data", event.data());
        return envelope;
    }

    private void deliver(String event, String url, byte[] body, String signature) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(ATTEMPT_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        Uni.createFrom().completionStage(() -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .onItemOrFailure().invoke((response, failure) -> deliveries.add(new WebhookAttempt(
                        event, url, response == null ? null : response.statusCode(),
                        failure == null ? null : String.valueOf(failure), clock.instant())))
                .invoke(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException("answered " + response.statusCode());
                    }
                })
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(8)).withJitter(0)
                .atMost(RETRIES)
                .subscribe().with(
                        response -> Log.debugf("Sandbox webhook %s delivered", event),
                        failure -> Log.warnf("Sandbox webhook %s to %s given up after %d attempts: %s", event, url,
                                RETRIES + 1, failure.getMessage()));
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
