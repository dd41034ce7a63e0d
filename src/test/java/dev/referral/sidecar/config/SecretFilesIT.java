package dev.referral.sidecar.config;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.referral.sidecar.support.Http;
import dev.referral.sidecar.support.SidecarJar;

/** Secrets given as files (Kubernetes Secret volumes, Docker secrets) are used like the variables themselves. */
class SecretFilesIT {

    private static final String API_KEY = "key-from-a-file";
    private static final String TOKEN = "token-from-a-file-0123456789abcdef0123";

    @Test
    void theApiKeyAndTokenAreReadFromFilesLessTheirTrailingNewline() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer partnero = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        partnero.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"data\":{},\"status\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        partnero.start();
        Path dir = Files.createTempDirectory(Path.of("target"), "secret-files-");
        Path keyFile = Files.writeString(dir.resolve("partnero-api-key"), API_KEY + "\n");
        Path tokenFile = Files.writeString(dir.resolve("sidecar-token"), TOKEN + "\r\n");
        try (SidecarJar live = SidecarJar.start(dir.getFileName().toString(), Map.of("SIDECAR_MODE", "live",
                "PARTNERO_API_KEY_FILE", keyFile.toString(), "SIDECAR_TOKEN_FILE", tokenFile.toString(),
                "PARTNERO_URL", "http://127.0.0.1:" + partnero.getAddress().getPort(),
                "REFERRAL_STORE_URL", "jdbc:sqlite:" + dir.resolve("live.db")))) {
            // The start-up credential check is the first call upstream; it carries the key from the file.
            await().atMost(30, SECONDS).until(() -> !authorizations.isEmpty());
            assertEquals("Bearer " + API_KEY, authorizations.get(0));
            assertEquals(401, Http.get(live.uri("/admin/dead-letters")).statusCode());
            HttpResponse<String> authorized = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    live.uri("/admin/dead-letters")).header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, authorized.statusCode());
            String log = live.log();
            assertFalse(log.contains(API_KEY) || log.contains(TOKEN), "a secret's content reached the log");
        } finally {
            partnero.stop(0);
        }
    }
}
