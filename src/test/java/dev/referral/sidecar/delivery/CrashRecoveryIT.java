package dev.referral.sidecar.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.referral.sidecar.support.Http;
import dev.referral.sidecar.support.SidecarJar;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.UpstreamLog;

/**
 * The packaged jar killed with SIGKILL and restarted on the same SQLite file: every purchase accepted with a 2xx
 * reaches "Partnero" (WireMock) exactly once, including one that was in flight when the process died.
 */
class CrashRecoveryIT {

    private static final String TRANSACTION = "{\"data\":{\"key\":\"k\",\"action\":\"sale\",\"amount\":1},\"status\":1}";

    private WireMockServer partnero;
    private Path store;

    @BeforeEach
    void upstream() throws Exception {
        partnero = new WireMockServer(wireMockConfig().dynamicPort());
        partnero.start();
        store = Files.createTempDirectory(Path.of("target"), "crash-").resolve("referrals.db");
    }

    @AfterEach
    void stopUpstream() {
        partnero.stop();
    }

    @Test
    void purchasesQueuedDuringAnOutageArriveExactlyOnceAfterAKillAndRestart() throws Exception {
        partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "text/html").withBody("<html>Service Unavailable</html>")));
        List<String> keys = new ArrayList<>();
        try (SidecarJar first = SidecarJar.start("crash-outage-1", env())) {
            for (int i = 0; i < 10; i++) {
                String key = TestKeys.next("inv");
                keys.add(key);
                var answer = Http.postJson(first.uri("/purchase-hook"), "{\"customer_key\":\"buyer_" + (i % 3)
                        + "\",\"key\":\"" + key + "\",\"amount\":10}");
                assertEquals(202, answer.statusCode(), answer.body());
            }
            first.kill();
        }
        partnero.resetAll();
        partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(TRANSACTION)));
        partnero.stubFor(get(urlPathMatching("/transactions/.*")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Transaction not found.\"}")));
        try (SidecarJar second = SidecarJar.start("crash-outage-2", env())) {
            await().atMost(60, SECONDS).until(() -> UpstreamLog.acceptedTransactionKeys(partnero).size() >= 10);
            awaitQuiet(second);
        }
        Map<String, Long> delivered = UpstreamLog.countByKey(UpstreamLog.acceptedTransactionKeys(partnero));
        assertEquals(10, delivered.size());
        delivered.forEach((key, count) -> assertEquals(1L, count, key + " delivered " + count + " times"));
        assertTrue(delivered.keySet().containsAll(keys));
    }

    @Test
    void aPurchaseInFlightWhenTheProcessDiesIsCheckedNotSentAgain() throws Exception {
        // Partnero commits the transaction but answers only after 4 s: the process dies before it hears back.
        partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(200).withFixedDelay(4000)
                .withHeader("Content-Type", "application/json").withBody(TRANSACTION)));
        partnero.stubFor(get(urlPathMatching("/transactions/.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(TRANSACTION)));
        String key = TestKeys.next("inv");
        try (SidecarJar first = SidecarJar.start("crash-inflight-1", env())) {
            var answer = Http.postJson(first.uri("/purchase-hook"),
                    "{\"customer_key\":\"buyer_x\",\"key\":\"" + key + "\",\"amount\":25}");
            // 202 after the 2 s hook deadline: the POST reached "Partnero" at once and is still being answered.
            assertEquals(202, answer.statusCode(), answer.body());
            first.kill();
        }
        // WireMock journals a request once its (delayed) answer is done: Partnero has committed it by then.
        await().atMost(10, SECONDS).until(() -> UpstreamLog.requests(partnero, "POST", "/transactions") == 1);
        try (SidecarJar second = SidecarJar.start("crash-inflight-2", env())) {
            await().atMost(30, SECONDS).until(() -> UpstreamLog.requests(partnero, "GET", "/transactions/") >= 1);
            awaitQuiet(second);
        }
        assertEquals(1, UpstreamLog.requests(partnero, "POST", "/transactions"),
                "the check found the transaction, so it was not sent a second time");
    }

    @Test
    void aGracefulShutdownLetsTheAttemptInFlightFinish() throws Exception {
        partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(200).withFixedDelay(3000)
                .withHeader("Content-Type", "application/json").withBody(TRANSACTION)));
        partnero.stubFor(get(urlPathMatching("/transactions/.*")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Transaction not found.\"}")));
        String key = TestKeys.next("inv");
        try (SidecarJar first = SidecarJar.start("graceful-1", env())) {
            var answer = Http.postJson(first.uri("/purchase-hook"),
                    "{\"customer_key\":\"buyer_g\",\"key\":\"" + key + "\",\"amount\":25}");
            assertEquals(202, answer.statusCode(), answer.body());
        }
        try (SidecarJar second = SidecarJar.start("graceful-2", env())) {
            awaitQuiet(second);
        }
        assertEquals(1, UpstreamLog.requests(partnero, "POST", "/transactions"));
        assertEquals(0, UpstreamLog.requests(partnero, "GET", "/transactions/"),
                "SIGTERM waited for the answer, so nothing was left to check after the restart");
    }

    private Map<String, String> env() {
        return Map.of("PARTNERO_API_KEY", "test-key", "PARTNERO_URL", partnero.baseUrl(),
                "REFERRAL_STORE_URL", "jdbc:sqlite:" + store);
    }

    /** Waits until the outbox has nothing left to deliver (its depth gauges read zero). */
    static void awaitQuiet(SidecarJar jar) {
        await().atMost(30, SECONDS).pollInterval(1, SECONDS).until(() -> {
            String metrics = Http.get(jar.managementUri("/q/metrics")).body();
            return metrics.contains("sidecar_outbox_depth{state=\"pending\"} 0.0")
                    && metrics.contains("sidecar_outbox_depth{state=\"dead\"} 0.0");
        });
    }
}
