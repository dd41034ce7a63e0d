package dev.referral.sidecar.delivery;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.referral.sidecar.support.Http;
import dev.referral.sidecar.support.SidecarJar;
import dev.referral.sidecar.support.TestKeys;

/**
 * The packaged jar and its SQLite file: one process per file, a purchase in flight at a SIGKILL waits the check
 * pause after the restart (Partnero may still be committing it), and a SIGKILL under load loses nothing answered 2xx.
 */
class StoreOwnershipIT {

    private static final String TRANSACTION = "{\"data\":{\"key\":\"k\",\"action\":\"sale\",\"amount\":1},\"status\":1}";

    private SlowPartnero partnero;
    private Path store;

    @BeforeEach
    void upstream() throws Exception {
        partnero = new SlowPartnero();
        store = Files.createTempDirectory(Path.of("target"), "ownership-").resolve("referrals.db");
    }

    @AfterEach
    void stopUpstream() {
        partnero.stop();
    }

    @Test
    void aSecondProcessOnTheSameSqliteFileRefusesToStartAndTheFirstKeepsWorking() throws Exception {
        try (SidecarJar first = SidecarJar.start("owner-1", env(Map.of()))) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> SidecarJar.start("owner-2", env(Map.of())));
            assertTrue(refused.getMessage().contains("Another sidecar process is using the SQLite store"),
                    refused.getMessage());
            var answer = Http.postJson(first.uri("/purchase-hook"),
                    "{\"customer_key\":\"buyer_o\",\"key\":\"" + TestKeys.next("inv") + "\",\"amount\":5}");
            assertEquals(201, answer.statusCode(), answer.body());
        }
    }

    @Test
    void aPurchaseInFlightAtACrashWaitsTheCheckPauseAfterTheRestart() throws Exception {
        partnero.holdFirstPost = true;
        String key = TestKeys.next("inv");
        Map<String, String> env = env(Map.of("SIDECAR_DELIVERY_CHECK_PAUSE", "6s"));
        try (SidecarJar first = SidecarJar.start("pause-1", env)) {
            ExecutorService caller = Executors.newSingleThreadExecutor();
            caller.submit(() -> Http.postJson(first.uri("/purchase-hook"),
                    "{\"customer_key\":\"buyer_p\",\"key\":\"" + key + "\",\"amount\":25}"));
            await().atMost(20, SECONDS).until(() -> partnero.posts.get() == 1);
            first.kill();
            caller.shutdownNow();
        }
        try (SidecarJar second = SidecarJar.start("pause-2", env)) {
            // Partnero is still processing the first POST: it commits 1.5 s after the new process is up.
            partnero.commitAt.set(Instant.now().plusMillis(1500));
            await().atMost(40, SECONDS).until(() -> partnero.checks.get() >= 1);
            CrashRecoveryIT.awaitQuiet(second);
        }
        assertEquals(1, partnero.posts.get(), "checked after the pause, found, not sent a second time");
    }

    @Test
    void aKillUnderLoadLosesNothingThatWasAnswered2xx() throws Exception {
        Set<String> answered = ConcurrentHashMap.newKeySet();
        try (SidecarJar first = SidecarJar.start("load-1", env(Map.of()))) {
            ExecutorService callers = Executors.newFixedThreadPool(16);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                int customer = c;
                running.add(callers.submit(() -> {
                    for (int i = 0; i < 1000 && !Thread.currentThread().isInterrupted(); i++) {
                        String key = TestKeys.next("inv");
                        try {
                            var answer = Http.postJson(first.uri("/purchase-hook"), "{\"customer_key\":\"buyer_"
                                    + customer + "\",\"key\":\"" + key + "\",\"amount\":3}");
                            if (answer.statusCode() / 100 == 2) {
                                answered.add(key);
                            }
                        } catch (IOException | InterruptedException | RuntimeException e) {
                            return; // the process was killed under this request
                        }
                    }
                }));
            }
            await().atMost(30, SECONDS).until(() -> answered.size() >= 100);
            first.kill();
            callers.shutdownNow();
        }
        try (SidecarJar second = SidecarJar.start("load-2", env(Map.of()))) {
            await().atMost(60, SECONDS).until(() -> partnero.committed.keySet().containsAll(answered));
            CrashRecoveryIT.awaitQuiet(second);
        }
        for (String key : answered) {
            assertEquals(1, partnero.committed.get(key).get(), key + " reached Partnero more than once");
        }
    }

    private Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("PARTNERO_API_KEY", "test-key", "PARTNERO_URL",
                partnero.url(), "REFERRAL_STORE_URL", "jdbc:sqlite:" + store));
        env.putAll(extra);
        return env;
    }

    /**
     * A Partnero whose first POST can be held (it never answers; the process dies waiting) and is committed only at
     * {@code commitAt}; until then {@code GET /transactions/{key}} says 404, like a Partnero still processing it.
     */
    static final class SlowPartnero {
        final AtomicInteger posts = new AtomicInteger();
        final AtomicInteger checks = new AtomicInteger();
        final AtomicReference<Instant> commitAt = new AtomicReference<>(Instant.MAX);
        final Map<String, AtomicInteger> committed = new ConcurrentHashMap<>();
        volatile boolean holdFirstPost;
        private final HttpServer server;

        SlowPartnero() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (exchange.getRequestMethod().equals("POST") && path.equals("/transactions")) {
                String key = body.replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
                int n = posts.incrementAndGet();
                committed.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                if (n == 1 && holdFirstPost) {
                    return; // never answered: the sidecar is killed while it waits
                }
                answer(exchange, 200, TRANSACTION);
            } else if (exchange.getRequestMethod().equals("GET") && path.startsWith("/transactions/")) {
                checks.incrementAndGet();
                boolean known = Instant.now().isAfter(commitAt.get())
                        || committed.containsKey(path.substring("/transactions/".length())) && !holdFirstPost;
                answer(exchange, known ? 200 : 404, known ? TRANSACTION : "{\"message\":\"Transaction not found.\"}");
            } else {
                answer(exchange, 200, "{\"data\":{},\"status\":1}");
            }
        }

        private static void answer(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }
    }
}
