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
    void aLeaseShorterThanTheLongestAttemptRefusesToStart() throws Exception {
        assertRefused("short-lease", Map.of("SIDECAR_DELIVERY_LEASE", "10s"), "sidecar.delivery.lease must be");
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

    private static void assertRefused(String name, Map<String, String> env, String because) throws Exception {
        Path store = Files.createTempDirectory(Path.of("target"), name + "-").resolve("r.db");
        java.util.HashMap<String, String> all = new java.util.HashMap<>(env);
        all.put("REFERRAL_STORE_URL", "jdbc:sqlite:" + store);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SidecarJar.start(name, all).close());
        assertTrue(refused.getMessage().contains(because), refused.getMessage());
    }
}
