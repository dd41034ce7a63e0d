package dev.referral.sidecar.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import dev.referral.sidecar.config.WebhookConfig;
import dev.referral.sidecar.delivery.AppRelay;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Relays a verified Partnero event to {@code APP_WEBHOOK_URL}: the original bytes, signed per Standard Webhooks 1.0
 * ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}) with {@code APP_WEBHOOK_SECRET}.
 */
// Started eagerly: a URL without a secret, or a malformed secret, must stop the process at start, not at the first event.
@Startup
@ApplicationScoped
class HttpAppRelay implements AppRelay {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Optional<URI> url;
    private final Optional<StandardWebhookSigner> signer;
    private final Clock clock;
    /**
     * Built at the first relay, not with the bean: a JDK client builds its TLS context when it is created (about 500
     * classes, the trust store read), which the start paid for even where no application URL is set.
     */
    private HttpClient http;

    HttpAppRelay(WebhookConfig config, Clock clock) {
        this.url = config.appUrl();
        this.clock = clock;
        Optional<String> secret = config.appSecret().filter(s -> !s.isBlank());
        if (url.isPresent() && secret.isEmpty()) {
            throw new IllegalStateException("APP_WEBHOOK_URL is set but APP_WEBHOOK_SECRET is not: refusing to start");
        }
        try {
            this.signer = secret.map(StandardWebhookSigner::of);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage() + ": refusing to start", e);
        }
    }

    @Override
    public boolean configured() {
        return url.isPresent();
    }

    @Override
    public void relay(String id, byte[] body) throws IOException, InterruptedException {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url.orElseThrow()).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.orElseThrow().sign(id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        int status = client().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 != 2) {
            throw new IOException("application answered " + status);
        }
    }

    /** The client, built by the first caller. */
    synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    /** Whether a client was built yet (tests: the start builds none). */
    synchronized boolean clientBuilt() {
        return http != null;
    }
}
