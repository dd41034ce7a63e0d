package dev.referral.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.referral.sidecar.support.Http;
import dev.referral.sidecar.support.SidecarJar;

/**
 * Live mode starts only what it needs: the emulator is neither served ({@code /sandbox/**} is 404) nor created (its
 * start-up line is absent), while the same artifact in sandbox mode logs that line (SandboxOnlyIT).
 */
class LiveModeIT {

    static final String EMULATOR_STARTED = "Partnero emulator started";

    @Test
    void liveModeStartsNoEmulator() throws Exception {
        HttpServer partnero = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        partnero.createContext("/", exchange -> {
            byte[] body = "{\"data\":{},\"status\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        partnero.start();
        Path dir = Files.createTempDirectory(Path.of("target"), "live-");
        try (SidecarJar live = SidecarJar.start(dir.getFileName().toString(), Map.of("SIDECAR_MODE", "live",
                "PARTNERO_API_KEY", "live-key", "PARTNERO_URL", "http://127.0.0.1:" + partnero.getAddress().getPort(),
                "REFERRAL_STORE_URL", "jdbc:sqlite:" + dir.resolve("live.db")))) {
            assertEquals(404, Http.get(live.uri("/sandbox/v1/test")).statusCode());
            assertEquals(404, Http.get(live.uri("/sandbox/state")).statusCode());
            assertEquals(404, Http.get(live.uri("/sandbox")).statusCode());
            assertEquals(404, Http.get(live.uri("/sandbox/console/console.js")).statusCode());
            assertEquals(200, Http.get(live.managementUri("/q/health/ready")).statusCode());
            String log = live.log();
            assertTrue(log.contains("LIVE MODE"), log);
            assertFalse(log.contains(EMULATOR_STARTED), log);
        } finally {
            partnero.stop(0);
        }
    }
}
