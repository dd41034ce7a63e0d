package dev.referral.sidecar.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /**
     * The exchange, the answer's body included, is bounded by {@code limit} (the attempt's deadline, at most 10 s):
     * the request's own timeout cuts it (this JDK applies it to the whole answer: checked with an answer dribbled
     * over 20 s), and a wait one second longer cancels it should it not, so no relay outlives its attempt's claim.
     */
    @Override
    public void relay(String id, byte[] body, Duration limit) throws IOException, InterruptedException {
        Duration wait = limit.compareTo(TIMEOUT) < 0 ? limit : TIMEOUT;
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url.orElseThrow()).timeout(wait)
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.orElseThrow().sign(id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        CompletableFuture<HttpResponse<Void>> exchange = client().sendAsync(request,
                HttpResponse.BodyHandlers.discarding());
        int status;
        try {
            status = exchange.get(wait.toMillis() + 1_000, TimeUnit.MILLISECONDS).statusCode();
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new IOException("application did not answer within " + wait.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        }
        if (status / 100 != 2) {
            throw new AppRelay.Answered(status);
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
