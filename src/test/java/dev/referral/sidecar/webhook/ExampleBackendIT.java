package dev.referral.sidecar.webhook;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.support.ExternalProcess;
import dev.referral.sidecar.support.SidecarJar;

/**
 * "Any backend": each example under {@code examples/} runs the same flow against the packaged jar in sandbox mode.
 * The referrer signs up, the friend signs up with the referral cookie and buys, the referrer's dashboard page shows
 * the reward, the sandbox's signed {@code transaction.created} reaches the sidecar and is relayed (Standard
 * Webhooks) to the example's receiver, which verifies it; a tampered, a stale and a repeated event are refused.
 */
class ExampleBackendIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String PARTNERO_SECRET = "sandbox-partnero-webhook-secret";

    /** One example per language: the programs it needs and how it starts on a port. */
    enum Example {
        NODE("node", List.of("node", "npm")), PYTHON("python", List.of("python3")), PHP("php", List.of("php")),
        GO("go", List.of("go"));

        final String dir;
        final List<String> programs;

        Example(String dir, List<String> programs) {
            this.dir = dir;
            this.programs = programs;
        }

        List<String> command(int port) throws IOException, InterruptedException {
            return switch (this) {
                case NODE -> List.of("node", "examples/node/server.js");
                case PYTHON -> List.of("python3", "examples/python/server.py");
                case PHP -> List.of("php", "-S", "127.0.0.1:" + port, "examples/php/server.php");
                case GO -> {
                    // Built once per run into target/; the Go build cache keeps later builds fast.
                    ExternalProcess.run(List.of("sh", "-c",
                            "cd examples/go && go build -o ../../target/examples/go-backend ."), Map.of());
                    yield List.of("target/examples/go-backend");
                }
            };
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Example.class)
    void theExampleBackendRunsTheReferralFlowAndVerifiesTheRelay(Example example) throws Exception {
        requireToolchain(example);
        String tag = example.dir.substring(0, 2) + Long.toString(System.nanoTime() % 100_000_000L, 36);
        Path dir = Files.createTempDirectory(Path.of("target"), "example-" + example.dir + "-");
        int port = SidecarJar.freePort();
        String backend = "http://127.0.0.1:" + port;
        Process app = null;
        try (SidecarJar sidecar = SidecarJar.start("example-sidecar-" + example.dir, sidecarPort -> Map.of(
                "REFERRAL_STORE_URL", "jdbc:sqlite:" + dir.resolve("referrals.db"),
                "SANDBOX_WEBHOOK_URL", "http://127.0.0.1:" + sidecarPort + "/webhooks/partnero",
                "SANDBOX_WEBHOOK_SECRET", PARTNERO_SECRET, "PARTNERO_WEBHOOK_SECRET", PARTNERO_SECRET,
                "APP_WEBHOOK_URL", backend + "/webhooks/referrals", "APP_WEBHOOK_SECRET", APP_SECRET))) {
            app = ExternalProcess.start("example-" + example.dir, example.command(port), Map.of(
                    "SIDECAR_URL", "http://127.0.0.1:" + sidecar.port(), "PORT", Integer.toString(port),
                    "APP_WEBHOOK_SECRET", APP_SECRET, "DATA_DIR", dir.resolve("app-data").toAbsolutePath().toString()));
            Process started = app;
            await().atMost(60, SECONDS).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> started.isAlive() && get(backend + "/events").statusCode() == 200);
            runTheFlow(backend, tag);
        } finally {
            if (app != null) {
                app.destroyForcibly().waitFor();
            }
        }
    }

    private static void runTheFlow(String backend, String tag) throws Exception {
        // On a busy machine a hook may answer 202 (queued, delivered moments later) instead of 201: both are fine.
        String alice = "alice_" + tag;
        HttpResponse<String> referrer = post(backend + "/signup",
                "{\"id\":\"" + alice + "\",\"email\":\"alice@example.com\",\"name\":\"Alice\"}", null, Map.of());
        assertAccepted(referrer);
        String ref = await().atMost(60, SECONDS).until(() -> get(backend + "/dashboard/" + alice).body()
                .replaceAll("(?s).*id=\"referral-link\" href=\"[^\"]*[?&;]ref=([A-Za-z0-9._:@-]+).*|(?s).*", "$1"),
                link -> !link.isEmpty());
        HttpResponse<String> friend = post(backend + "/signup",
                "{\"id\":\"bob_" + tag + "\",\"email\":\"bob@example.com\",\"name\":\"Bob\"}",
                "theme=dark; partnero_referral=" + ref + "; session=abc", Map.of());
        assertAccepted(friend);
        if (friend.statusCode() == 201) {
            assertEquals(alice, JSON.readTree(friend.body()).path("referred_by").asText(), friend.body());
        }
        HttpResponse<String> purchase = post(backend + "/checkout",
                "{\"user_id\":\"bob_" + tag + "\",\"order_id\":\"order_" + tag + "\",\"amount\":100}", null, Map.of());
        assertAccepted(purchase);

        await().atMost(60, SECONDS).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> page = get(backend + "/dashboard/" + alice);
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("id=\"referrals-count\">1<"), page.body());
            assertTrue(page.body().matches("(?s).*<ul id=\"balance\"><li>10(\\.0+)? [A-Za-z]+</li>.*"),
                    "Alice earned 10 % of 100: " + page.body());
        });
        String relayedId = await().atMost(60, SECONDS).until(() -> eventId(backend, "transaction.created"),
                id -> id != null);

        HttpResponse<String> refund = post(backend + "/refund", "{\"order_id\":\"order_" + tag + "\"}", null, Map.of());
        assertTrue(refund.statusCode() == 200 || refund.statusCode() == 202, refund.body());
        assertTrue(refund.body().matches("(?s).*\"status\":\\s*\"(refunded|queued)\".*"), refund.body());

        assertReceiverRefusesForgeriesAndRepeats(backend, tag, relayedId);
    }

    private static void assertAccepted(HttpResponse<String> answer) {
        assertTrue(answer.statusCode() == 201 || answer.statusCode() == 202, answer.statusCode() + " " + answer.body());
    }

    private static void assertReceiverRefusesForgeriesAndRepeats(String backend, String tag, String relayedId)
            throws Exception {
        StandardWebhookSigner signer = StandardWebhookSigner.of(APP_SECRET);
        long now = Instant.now().getEpochSecond();
        String body = "{\"event\":\"customer.updated\",\"data\":{\"key\":\"bob_" + tag + "\"}}";
        String id = "msg_test_" + tag;
        Map<String, String> signed = headers(id, now, signer.sign(id, now, bytes(body)));

        assertEquals(401, post(backend + "/webhooks/referrals", body.replace("bob_", "eve_"), null, signed)
                .statusCode(), "a tampered body is refused");
        long old = now - 600;
        assertEquals(401, post(backend + "/webhooks/referrals", body, null,
                headers(id, old, signer.sign(id, old, bytes(body)))).statusCode(), "a stale timestamp is refused");
        assertEquals(401, post(backend + "/webhooks/referrals", body, null, Map.of()).statusCode(),
                "an unsigned event is refused");

        assertStatus("accepted", post(backend + "/webhooks/referrals", body, null, signed));
        assertStatus("duplicate", post(backend + "/webhooks/referrals", body, null, signed));
        String repeat = "{\"event\":\"transaction.created\",\"data\":{}}";
        assertStatus("duplicate", post(backend + "/webhooks/referrals", repeat, null,
                headers(relayedId, now, signer.sign(relayedId, now, bytes(repeat)))));
        JsonNode events = JSON.readTree(get(backend + "/events").body());
        long ofTheRelayed = 0;
        for (JsonNode event : events) {
            ofTheRelayed += relayedId.equals(event.path("id").asText()) ? 1 : 0;
        }
        assertEquals(1, ofTheRelayed, "the relayed event is recorded once: " + events);
    }

    private static String eventId(String backend, String type) throws Exception {
        for (JsonNode event : JSON.readTree(get(backend + "/events").body())) {
            if (type.equals(event.path("type").asText())) {
                assertTrue(event.path("id").asText().matches("msg_[0-9a-f]{64}"), event.toString());
                return event.path("id").asText();
            }
        }
        return null;
    }

    private static void requireToolchain(Example example) {
        for (String program : example.programs) {
            boolean present = ExternalProcess.available(program);
            if (!present && "true".equals(System.getenv("CI"))) {
                fail(program + " is not installed: .ci/run installs it");
            }
            assumeTrue(present, program + " is not installed (CI installs it)");
        }
        if (example == Example.NODE) {
            boolean installed = Files.isDirectory(Path.of("examples/node/node_modules/standardwebhooks"));
            if (!installed && "true".equals(System.getenv("CI"))) {
                fail("examples/node has no node_modules: .ci/run runs npm ci there");
            }
            assumeTrue(installed, "run `npm ci` in examples/node first");
        }
    }

    private static void assertStatus(String expected, HttpResponse<String> answer) throws IOException {
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(expected, JSON.readTree(answer.body()).path("status").asText(), answer.body());
    }

    private static Map<String, String> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", id, "webhook-timestamp", Long.toString(timestamp), "webhook-signature", signature);
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String body, String cookie, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
