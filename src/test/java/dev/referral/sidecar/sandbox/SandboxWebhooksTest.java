package dev.referral.sidecar.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.referral.sidecar.sandbox.SandboxApi.api;
import static dev.referral.sidecar.sandbox.SandboxApi.customer;
import static dev.referral.sidecar.sandbox.SandboxApi.sale;
import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class SandboxWebhooksTest {

    private static final WireMockServer RECEIVER = new WireMockServer(options().dynamicPort());
    private static final ObjectMapper JSON = new ObjectMapper();

    private String secret;

    @BeforeAll
    static void startReceiver() {
        RECEIVER.start();
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    @BeforeEach
    void registerReceiver() {
        SandboxApi.reset();
        RECEIVER.resetAll();
        RECEIVER.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
        secret = api().body("{\"name\":\"test\",\"url\":\"" + RECEIVER.baseUrl() + "/hook\",\"events\":"
                + "[\"customer.created\",\"transaction.created\",\"customer.rewarded\",\"transaction.deleted\","
                + "\"customer.credited\"]}").post("/webhooks").then().statusCode(200)
                .body("data.key", equalTo("wh_000001")).extract().path("data.signature");
    }

    @Test
    void eachDeliveryAttemptIsRecordedForTheConsoleUntilAReset() {
        customer("alice", null);
        awaitDeliveries(1);
        await().atMost(5, java.util.concurrent.TimeUnit.SECONDS).untilAsserted(() -> given()
                .get("/sandbox/webhook-deliveries").then().statusCode(200)
                .body("deliveries[0].event", equalTo("customer.created"))
                .body("deliveries[0].url", equalTo(RECEIVER.baseUrl() + "/hook"))
                .body("deliveries[0].status", equalTo(200)));
        SandboxApi.reset();
        given().get("/sandbox/webhook-deliveries").then().body("deliveries", org.hamcrest.Matchers.empty());
    }

    @Test
    void eventsArriveSignedOverTheirExactBytes() throws Exception {
        customer("alice", null);
        LoggedRequest request = awaitDeliveries(1).get(0);
        assertEquals(WebhookDispatcher.sign(secret, request.getBody()), request.getHeader("Signature"));
        JsonNode envelope = JSON.readTree(request.getBody());
        assertEquals("customer.created", envelope.get("event").asText());
        assertEquals(RECEIVER.baseUrl() + "/hook", envelope.get("url").asText());
        assertEquals("wh_000001", envelope.get("webhook_key").asText());
        assertEquals("alice", envelope.at("/data/id").asText());
        assertEquals(true, envelope.hasNonNull("created_at"));
    }

    @Test
    void aRewardedSaleRaisesTransactionAndRewardEventsAndARefundItsOwn() throws Exception {
        customer("alice", null);
        customer("bob", "alice");
        sale("bob", "inv", "100").then().statusCode(200);
        api().delete("/transactions/inv").then().statusCode(200);
        api().body("{\"amount\":1,\"amount_units\":\"usd\",\"is_currency\":true}")
                .post("/customers/alice/balance/credit").then().statusCode(200);
        List<String> events = awaitDeliveries(6).stream().map(SandboxWebhooksTest::event).toList();
        assertThat(events, hasItems("customer.created", "transaction.created", "customer.rewarded",
                "transaction.deleted", "customer.credited"));
    }

    @Test
    void aFailedDeliveryIsRetriedAfterOneSecondWithIdenticalBytes() {
        RECEIVER.resetAll();
        RECEIVER.stubFor(post("/hook").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        RECEIVER.stubFor(post("/hook").inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        customer("alice", null);
        List<LoggedRequest> attempts = awaitDeliveries(2);
        assertArrayEquals(attempts.get(0).getBody(), attempts.get(1).getBody());
        long gap = attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime();
        assertThat(gap, greaterThanOrEqualTo(990L));
    }

    @Test
    void webhookFaultsDuplicateAndMissign() {
        given().contentType(ContentType.JSON)
                .body("{\"rules\":[],\"webhooks\":{\"duplicate\":true,\"bad_signature\":true}}")
                .post("/sandbox/faults").then().statusCode(200);
        customer("alice", null);
        List<LoggedRequest> copies = awaitDeliveries(2);
        assertArrayEquals(copies.get(0).getBody(), copies.get(1).getBody());
        assertNotEquals(WebhookDispatcher.sign(secret, copies.get(0).getBody()),
                copies.get(0).getHeader("Signature"));
    }

    @Test
    void crudKeepsWebhooksAndRejectsUnknownEvents() {
        api().get("/webhooks/wh_000001").then().statusCode(200).body("data.name", equalTo("test"));
        api().body("{\"update\":{\"is_active\":false}}").put("/webhooks/wh_000001").then().statusCode(200)
                .body("data.is_active", equalTo(false));
        api().get("/webhooks").then().statusCode(200).body("data", hasSize(1));
        api().body("{\"name\":\"x\",\"url\":\"https://example.com/h\",\"events\":[\"customer.created\","
                + "\"reward.paid\"]}").post("/webhooks").then().statusCode(422)
                .body("errors.'events.1'", hasSize(1));
        api().body("{\"name\":\"x\",\"events\":[\"customer.created\"]}").post("/webhooks").then().statusCode(422)
                .body("errors.url", hasSize(1));
        api().delete("/webhooks/wh_000001").then().statusCode(200).body("status", equalTo(1));
        api().get("/webhooks/wh_000001").then().statusCode(404).body("message", equalTo("Not found."));
    }

    @Test
    void anInactiveWebhookReceivesNothing() throws Exception {
        api().body("{\"is_active\":false}").put("/webhooks/wh_000001").then().statusCode(200);
        customer("alice", null);
        api().body("{\"is_active\":true}").put("/webhooks/wh_000001").then().statusCode(200);
        customer("bob", null);
        // Alice's event, had it been sent, would have left before Bob's.
        List<LoggedRequest> delivered = awaitDeliveries(1);
        assertEquals(1, delivered.size());
        assertEquals("bob", JSON.readTree(delivered.get(0).getBody()).at("/data/id").asText());
    }

    private static List<LoggedRequest> awaitDeliveries(int count) {
        await().atMost(10, SECONDS)
                .until(() -> RECEIVER.findAll(postRequestedFor(urlEqualTo("/hook"))).size() >= count);
        return RECEIVER.findAll(postRequestedFor(urlEqualTo("/hook")));
    }

    private static String event(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBody()).get("event").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
