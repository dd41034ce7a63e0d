package dev.referral.sidecar.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.partnero.PartneroClient;
import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.InjectWireMock;
import dev.referral.sidecar.support.MovableClock;
import dev.referral.sidecar.support.OutageProfile;
import dev.referral.sidecar.support.OutboxRows;
import dev.referral.sidecar.support.PartneroWarmup;
import dev.referral.sidecar.support.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;

/**
 * Outages of any length against a WireMock Partnero (issue 15): writes wait, the open breaker is a gate, nothing
 * becomes a dead letter before the maximum age, and the backlog drains once per key in each customer's order.
 */
@QuarkusTest
@TestProfile(OutageProfile.class)
class PartneroOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectWireMock
    WireMockServer partnero;

    @Inject
    PartneroClient client;

    @Inject
    OutboxRows rows;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    WriteGate gate;

    @Inject
    MovableClock clock;

    @Inject
    DeliveryConfig config;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void reset() {
        PartneroWarmup.once(client, partnero);
        partnero.resetAll();
        breakers.resetAll();
        rows.clear();
        await().atMost(10, SECONDS).until(gate::open);
    }

    @Test
    void anOutageOfFortyBackoffPeriodsLeavesNoDeadLetterThenEachWriteArrivesOnceInCustomerOrder() throws Exception {
        partnerDown();
        Map<String, List<String>> accepted = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            for (String customer : List.of("outage_a", "outage_b", "outage_c")) {
                String key = TestKeys.next("inv");
                accepted.computeIfAbsent(customer, c -> new ArrayList<>()).add(key);
                purchase(customer, key).then().statusCode(202);
            }
        }
        double periods = OutageProfile.BACKOFF_MAX.multipliedBy(40).toMillis() / 1000.0;
        await().atMost(60, SECONDS).until(() -> waitingSeconds() >= periods);
        assertEquals(0, rows.count("state = 'DEAD'"), "an outage is not a reason for a dead letter");
        assertEquals(12, rows.count("state = 'PENDING'"));

        partnerBack();
        await().atMost(60, SECONDS).until(() -> rows.count("state = 'DELIVERED'") == 12);

        assertEquals(0, rows.count("state = 'DEAD'"));
        assertEquals(accepted, deliveredByCustomer(), "each key once, in acceptance order per customer");
        assertEquals(0.0, waitingSeconds(), "nothing waits once Partnero took a write");
    }

    @Test
    void rowsDueWhileTheBreakerIsOpenAreNotAttemptedAndArriveAfterItCloses() throws Exception {
        partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(503)));
        partnero.stubFor(get(urlPathMatching("/transactions/.*")).willReturn(absent()));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 24 && !gate.breakerOpen(); i++) {
            String key = TestKeys.next("inv");
            keys.add(key);
            purchase("burst_" + i, key).then().statusCode(202);
        }
        await().atMost(20, SECONDS).until(gate::breakerOpen);
        Instant closesAt = gate.opensAt();
        partnerBack();
        for (int i = 0; i < 3; i++) {
            String key = TestKeys.next("inv");
            keys.add(key);
            purchase("burst_late_" + i, key).then().statusCode(202);
        }
        int posts = posts().size();
        double notSent = attempts("not_sent");

        Instant watchUntil = closesAt.minus(OutageProfile.BREAKER_DELAY.dividedBy(5));
        await().atMost(OutageProfile.BREAKER_DELAY).until(() -> !clock.instant().isBefore(watchUntil));

        assertTrue(gate.breakerOpen(), "the watch must end while the breaker is still open");
        assertEquals(posts, posts().size(), "no write reached Partnero while the breaker is open");
        assertEquals(notSent, attempts("not_sent"), "no write claimed while the breaker is open");
        assertEquals(0, rows.count("attempts > 0"), "failures during an outage are not strikes");
        await().atMost(60, SECONDS).until(() -> rows.count("state = 'DELIVERED'") == keys.size());
        assertEquals(0, rows.count("state = 'DEAD'"));
        List<String> delivered = deliveredByCustomer().values().stream().flatMap(List::stream).sorted().toList();
        assertEquals(keys.stream().sorted().toList(), delivered, "each key delivered exactly once");
    }

    @Test
    void aWriteOlderThanTheMaximumAgeBecomesAnExpiredDeadLetter() {
        partnerDown();
        String key = TestKeys.next("inv");
        purchase("expiring_buyer", key).then().statusCode(202);
        await().atMost(10, SECONDS).until(() -> rows.row("PURCHASE", key).orElseThrow().maybeSent());
        assertEquals("PENDING", rows.state("PURCHASE", key), "still waiting within the maximum age");

        clock.advance(config.maxAge().plusMinutes(1));

        await().atMost(20, SECONDS).until(() -> rows.state("PURCHASE", key).equals("DEAD"));
        assertEquals("expired", rows.row("PURCHASE", key).orElseThrow().deadReason());

        // Sent again by the application: Partnero never refused it (and may even have it), so not a 422 "rejected".
        purchase("expiring_buyer", key).then().statusCode(202)
                .body("transactions[0].status", equalTo("dead_letter"))
                .body("transactions[0].message", containsString("(expired)"));
        assertEquals("DEAD", rows.state("PURCHASE", key), "a repeat changes nothing");
    }

    /** Partnero's load balancer answers 503 to everything (the outcome of a write is unknown, so it is checked). */
    private void partnerDown() {
        partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(503)));
        partnero.stubFor(get(urlPathMatching("/transactions/.*")).willReturn(aResponse().withStatus(503)));
    }

    /** Partnero works again; none of the 503'd purchases had arrived. */
    private void partnerBack() {
        partnero.stubFor(post("/transactions").atPriority(1).willReturn(okJson(Fixtures.transaction("any"))));
        partnero.stubFor(get(urlPathMatching("/transactions/.*")).atPriority(1).willReturn(absent()));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder absent() {
        return aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.notFound("Transaction"));
    }

    /** Keys of successful {@code POST /transactions} by customer, in the order Partnero received them. */
    private Map<String, List<String>> deliveredByCustomer() throws Exception {
        Map<String, List<String>> byCustomer = new LinkedHashMap<>();
        List<ServeEvent> successful = new ArrayList<>(posts().stream()
                .filter(e -> e.getResponse().getStatus() == 200).toList());
        java.util.Collections.reverse(successful); // WireMock lists the newest first
        for (ServeEvent event : successful) {
            var body = JSON.readTree(event.getRequest().getBodyAsString());
            byCustomer.computeIfAbsent(body.path("customer").path("key").asText(), c -> new ArrayList<>())
                    .add(body.path("key").asText());
        }
        return byCustomer;
    }

    private List<ServeEvent> posts() {
        return partnero.getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName().equals("POST")
                && e.getRequest().getUrl().startsWith("/transactions")).toList();
    }

    private double waitingSeconds() {
        return registry.get("sidecar.delivery.waiting").gauge().value();
    }

    private double attempts(String outcome) {
        var counter = registry.find("sidecar.delivery.attempts").tag("operation", "purchase").tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static io.restassured.response.Response purchase(String customer, String key) {
        return given().contentType(ContentType.JSON).body(Map.of("customer_key", customer, "key", key, "amount", 10))
                .post("/purchase-hook");
    }
}
