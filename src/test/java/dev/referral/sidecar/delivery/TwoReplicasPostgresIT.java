package dev.referral.sidecar.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.referral.sidecar.support.Http;
import dev.referral.sidecar.support.Postgres;
import dev.referral.sidecar.support.SidecarJar;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.UpstreamLog;

/**
 * Two packaged sidecars on one PostgreSQL outbox, both dispatching: every purchase reaches "Partnero" exactly
 * once, and each customer's purchases arrive in the order they were accepted.
 */
@ExtendWith(Postgres.class)
class TwoReplicasPostgresIT {

    private static final String TRANSACTION = "{\"data\":{\"key\":\"k\",\"action\":\"sale\",\"amount\":1},\"status\":1}";

    private WireMockServer partnero;

    @BeforeEach
    void upstreamAndEmptyStore() throws Exception {
        partnero = new WireMockServer(wireMockConfig().dynamicPort());
        partnero.start();
        try (Connection c = DriverManager.getConnection(Postgres.url(), Postgres.user(), Postgres.password())) {
            c.createStatement().execute("DROP TABLE IF EXISTS outbox, customers, flyway_schema_history");
            // V7's trigger function: Flyway refuses a schema that holds objects but no history table.
            c.createStatement().execute("DROP FUNCTION IF EXISTS outbox_unpark()");
        }
    }

    @AfterEach
    void stopUpstream() {
        partnero.stop();
    }

    @Test
    void twoDispatchersOnOneDatabaseNeverSendARowTwiceAndKeepEachCustomersOrder() throws Exception {
        partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(503)));
        partnero.stubFor(get(urlPathMatching("/transactions/.*")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Transaction not found.\"}")));
        Map<String, List<String>> accepted = new LinkedHashMap<>();
        try (SidecarJar a = SidecarJar.start("replica-a", env()); SidecarJar b = SidecarJar.start("replica-b", env())) {
            for (int i = 0; i < 30; i++) {
                String customer = "replica_buyer_" + (i % 6);
                String key = TestKeys.next("inv");
                SidecarJar via = i % 2 == 0 ? a : b;
                var answer = Http.postJson(via.uri("/purchase-hook"),
                        "{\"customer_key\":\"" + customer + "\",\"key\":\"" + key + "\",\"amount\":5}");
                assertEquals(202, answer.statusCode(), answer.body());
                accepted.computeIfAbsent(customer, c -> new ArrayList<>()).add(key);
            }
            partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(TRANSACTION)));
            await().atMost(90, SECONDS).until(() -> UpstreamLog.acceptedTransactionKeys(partnero).size() >= 30);
            CrashRecoveryIT.awaitQuiet(a);
        }
        List<String> delivered = UpstreamLog.acceptedTransactionKeys(partnero);
        UpstreamLog.countByKey(delivered).forEach((key, count) ->
                assertEquals(1L, count, key + " was delivered " + count + " times"));
        assertEquals(30, delivered.size());
        accepted.forEach((customer, keys) -> assertEquals(keys,
                delivered.stream().filter(keys::contains).toList(), customer + "'s purchases out of order"));
    }

    private Map<String, String> env() {
        return Map.of("PARTNERO_API_KEY", "test-key", "PARTNERO_URL", partnero.baseUrl(),
                "REFERRAL_STORE_URL", Postgres.url(), "REFERRAL_STORE_USERNAME", Postgres.user(),
                "REFERRAL_STORE_PASSWORD", Postgres.password());
    }
}
