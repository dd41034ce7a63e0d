package dev.referral.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.support.SidecarJar;

/** Configurations that could lose or double writes stop the packaged jar at start, with a message saying why. */
class StartupRefusalIT {

    @Test
    void anApplicationWebhookUrlWithoutItsSecretRefusesToStart() throws Exception {
        assertRefused("app-url-no-secret", Map.of("APP_WEBHOOK_URL", "http://127.0.0.1:9/events"),
                "APP_WEBHOOK_SECRET is not");
    }

    @Test
    void aMalformedApplicationWebhookSecretRefusesToStart() throws Exception {
        assertRefused("app-secret-malformed", Map.of("APP_WEBHOOK_URL", "http://127.0.0.1:9/events",
                "APP_WEBHOOK_SECRET", "plain-secret-not-whsec"), "APP_WEBHOOK_SECRET must have the form whsec_");
    }

    @Test
    void aLeaseShorterThanTheLongestAttemptRefusesToStart() throws Exception {
        assertRefused("short-lease", Map.of("SIDECAR_DELIVERY_LEASE", "10s"), "sidecar.delivery.lease must be");
    }

    @Test
    void aBulkheadQueueOfNoneRefusesToStartNamingTheVariable() throws Exception {
        assertRefused("no-bulkhead-queue", Map.of("SIDECAR_PARTNERO_WRITES_BULKHEAD_QUEUE", "0"),
                "SIDECAR_PARTNERO_WRITES_BULKHEAD_QUEUE must be at least 1, was 0");
    }

    @Test
    void aSecretFileThatIsSetButMissingRefusesToStartNamingTheVariable() throws Exception {
        assertRefused("missing-secret-file", Map.of("PARTNERO_API_KEY_FILE", "target/no-such-secret-file"),
                "PARTNERO_API_KEY_FILE is set but its file target/no-such-secret-file cannot be read");
    }

    @Test
    void aSecretGivenBothAsVariableAndAsFileRefusesToStart() throws Exception {
        assertRefused("secret-twice", Map.of("SIDECAR_TOKEN", "t".repeat(40), "SIDECAR_TOKEN_FILE", "pom.xml"),
                "SIDECAR_TOKEN and SIDECAR_TOKEN_FILE are both set");
    }

    @Test
    void liveWithoutATokenOnEveryInterfaceRefusesToStartNamingBothWaysOut() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(live());
        env.put("QUARKUS_HTTP_HOST", "0.0.0.0");
        Path log = assertRefused("live-open", env, "SIDECAR_TOKEN is not set");
        String output = Files.readString(log);
        assertTrue(output.contains("set SIDECAR_TOKEN") && output.contains("QUARKUS_HTTP_HOST=127.0.0.1"), output);
    }

    @Test
    void liveWithoutATokenOnLoopbackStartsWithAWarning() throws Exception {
        Path store = Files.createTempDirectory(Path.of("target"), "live-loopback-").resolve("r.db");
        Map<String, String> env = new java.util.HashMap<>(live());
        env.put("REFERRAL_STORE_URL", "jdbc:sqlite:" + store);
        Files.deleteIfExists(Path.of("target", "it-logs", "live-loopback.log"));
        try (SidecarJar jar = SidecarJar.start("live-loopback", env)) {
            String output = Files.readString(Path.of("target", "it-logs", "live-loopback.log"));
            assertTrue(output.contains("WARN") && output.contains("SIDECAR_TOKEN is not set"), output);
        }
    }

    @Test
    void aShortTokenRefusesToStart() throws Exception {
        assertRefused("short-token", Map.of("SIDECAR_TOKEN", "only-twenty-chars-xx"),
                "SIDECAR_TOKEN is shorter than 32 characters");
        assertRefused("short-admin-token", Map.of("SIDECAR_ADMIN_TOKEN", "short"),
                "SIDECAR_ADMIN_TOKEN is shorter than 32 characters");
    }

    /** Live against a Partnero nobody listens on: the start must not depend on it. */
    private static Map<String, String> live() {
        return Map.of("SIDECAR_MODE", "live", "PARTNERO_API_KEY", "test-key", "PARTNERO_URL", "http://127.0.0.1:9/v1");
    }

    private static Path assertRefused(String name, Map<String, String> env, String because) throws Exception {
        Path store = Files.createTempDirectory(Path.of("target"), name + "-").resolve("r.db");
        java.util.HashMap<String, String> all = new java.util.HashMap<>(env);
        all.put("REFERRAL_STORE_URL", "jdbc:sqlite:" + store);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SidecarJar.start(name, all).close());
        assertTrue(refused.getMessage().contains(because), refused.getMessage());
        return Path.of("target", "it-logs", name + ".log");
    }
}
