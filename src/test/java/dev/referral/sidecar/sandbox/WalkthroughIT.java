package dev.referral.sidecar.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.support.ExternalProcess;
import dev.referral.sidecar.support.SidecarJar;

/**
 * The README's "Try it in one minute" walkthrough, run verbatim with bash and curl against the packaged jar with
 * no API key and no configuration (sandbox mode): if the README and the product drift apart, this fails.
 */
class WalkthroughIT {

    @Test
    void theReadmeWalkthroughWorksEndToEndInSandboxMode() throws Exception {
        String script = readmeWalkthrough();
        Path store = Files.createTempDirectory(Path.of("target"), "walkthrough-").resolve("referrals.db");
        try (SidecarJar sidecar = SidecarJar.start("walkthrough", Map.of("REFERRAL_STORE_URL", "jdbc:sqlite:" + store))) {
            String output = ExternalProcess.run(List.of("bash", "-euo", "pipefail", "-c", script),
                    Map.of("SIDECAR", "http://127.0.0.1:" + sidecar.port()));
            assertTrue(output.contains("\"referral_link\":\"http://localhost:3000/?ref=alice\""), output);
            assertTrue(output.contains("\"referred_by\":\"alice\""), output);
            assertTrue(output.contains("\"status\":\"delivered\""), output);
            String dashboard = output.substring(output.lastIndexOf("\"key\":\"alice\""));
            assertTrue(dashboard.contains("\"referrals_count\":1"), dashboard);
            assertTrue(dashboard.matches("(?s).*\"amount\":10(\\.0+)?[,}].*"), "Alice earned 10% of 100: " + dashboard);
            assertTrue(dashboard.contains("\"name\":\"Bob\""), dashboard);
        }
    }

    /** The bash block between the walkthrough markers of README.md. */
    static String readmeWalkthrough() throws java.io.IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("<!-- walkthrough:start -->");
        int end = readme.indexOf("<!-- walkthrough:end -->");
        assertTrue(start >= 0 && end > start, "README.md has no walkthrough markers");
        String block = readme.substring(start, end);
        return block.substring(block.indexOf("```bash") + "```bash".length(), block.lastIndexOf("```"));
    }
}
