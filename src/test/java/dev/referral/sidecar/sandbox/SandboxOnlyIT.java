package dev.referral.sidecar.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.support.Http;
import dev.referral.sidecar.support.SidecarJar;

/**
 * {@code SIDECAR_MODE=sandbox-only}: the packaged jar as a Partnero test double for other projects. Only the
 * emulator and management are served, there is no store, and a Partnero client can use it as its base URL.
 */
class SandboxOnlyIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void servesOnlyTheEmulatorAndNeedsNoStore() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "sandbox-only-");
        Path store = dir.resolve("never.db");
        try (SidecarJar jar = SidecarJar.start("sandbox-only", Map.of("SIDECAR_MODE", "sandbox-only",
                "REFERRAL_STORE_URL", "jdbc:sqlite:" + store))) {
            HttpResponse<String> test = HTTP.send(HttpRequest.newBuilder(jar.uri("/sandbox/v1/test"))
                    .header("Authorization", "Bearer anything").header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, test.statusCode(), test.body());
            assertTrue(test.body().contains("\"mode\":\"sandbox\""), test.body());

            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(jar.uri("/sandbox/v1/customers"))
                    .header("Authorization", "Bearer anything").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"alice\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            assertFalse(created.body().contains("\"key\""), "Partnero's customer objects carry no key (H3)");

            assertEquals(404, Http.postJson(jar.uri("/signup-hook"), "{\"key\":\"bob\"}").statusCode());
            assertEquals(404, Http.get(jar.uri("/referrals/alice")).statusCode());
            assertEquals(200, Http.get(jar.managementUri("/q/health/ready")).statusCode());
            // The line whose absence LiveModeIT checks: the emulator was created and loaded.
            assertTrue(jar.log().contains("Partnero emulator started"), jar.log());
        }
        assertFalse(Files.exists(store), "sandbox-only mode opens no store");
    }

    @Test
    void refusesToStartWithAnApiKey() throws Exception {
        try {
            SidecarJar.start("sandbox-only-key", Map.of("SIDECAR_MODE", "sandbox-only", "PARTNERO_API_KEY", "k"))
                    .close();
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("refusing to start"), expected.getMessage());
            return;
        }
        throw new AssertionError("sandbox-only with a key must not start");
    }

    @Test
    void liveModeRefusesToStartWithoutAKey() throws Exception {
        try {
            SidecarJar.start("live-no-key", Map.of("SIDECAR_MODE", "live")).close();
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("PARTNERO_API_KEY is not set"), expected.getMessage());
            return;
        }
        throw new AssertionError("live mode without a key must not start");
    }

}
