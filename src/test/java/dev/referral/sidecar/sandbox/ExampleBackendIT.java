package dev.referral.sidecar.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.support.ExternalProcess;
import dev.referral.sidecar.support.SidecarJar;

/**
 * "Any backend": the Node.js example under {@code examples/node-backend} (standard library only) forwards a
 * browser's Cookie header to the packaged jar in sandbox mode, and the referral is recorded.
 */
class ExampleBackendIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aNodeBackendForwardingTheCookieHeaderGetsTheReferralRecorded() throws Exception {
        assumeTrue("true".equals(System.getenv("CI")) || ExternalProcess.available("node"),
                "node is not installed (CI installs it)");
        Path store = Files.createTempDirectory(Path.of("target"), "example-").resolve("referrals.db");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (SidecarJar sidecar = SidecarJar.start("example-sidecar", Map.of("REFERRAL_STORE_URL", "jdbc:sqlite:" + store))) {
            Process node = ExternalProcess.start("example-node", List.of("node", "examples/node-backend/server.js"),
                    Map.of("SIDECAR_URL", "http://127.0.0.1:" + sidecar.port(), "PORT", Integer.toString(port)));
            try {
                String backend = "http://127.0.0.1:" + port;
                HttpResponse<String> alice = awaitPost(backend + "/signup",
                        "{\"id\":\"alice_n\",\"email\":\"alice@example.com\",\"name\":\"Alice\"}", null);
                assertEquals(201, alice.statusCode(), alice.body());
                String ref = alice.body().replaceAll("(?s).*\\?ref=([A-Za-z0-9._:@-]+).*", "$1");
                assertEquals("alice_n", ref);
                HttpResponse<String> bob = post(backend + "/signup",
                        "{\"id\":\"bob_n\",\"email\":\"bob@example.com\",\"name\":\"Bob\"}",
                        "theme=dark; partnero_referral=" + ref + "; session=abc");
                assertEquals(201, bob.statusCode(), bob.body());
                assertTrue(bob.body().contains("\"referred_by\":\"alice_n\""), bob.body());
                HttpResponse<String> dashboard = HTTP.send(HttpRequest.newBuilder(URI.create(backend
                        + "/referrals/alice_n")).build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(dashboard.body().contains("\"referrals_count\":1"), dashboard.body());
            } finally {
                node.destroyForcibly().waitFor();
            }
        }
    }

    private static HttpResponse<String> awaitPost(String url, String body, String cookie) throws Exception {
        for (int i = 0; i < 100; i++) {
            try {
                return post(url, body, cookie);
            } catch (java.io.IOException notListeningYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the example backend did not start");
    }

    private static HttpResponse<String> post(String url, String body, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
