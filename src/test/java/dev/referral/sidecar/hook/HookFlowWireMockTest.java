package dev.referral.sidecar.hook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.referral.sidecar.partnero.PartneroClient;
import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.InjectWireMock;
import dev.referral.sidecar.support.OutboxRows;
import dev.referral.sidecar.support.PartneroWarmup;
import dev.referral.sidecar.support.PartneroWireMock;
import dev.referral.sidecar.support.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;

/** The hooks end to end over HTTP to a WireMock Partnero: 201, 200, 202 then delivered, 409, a reset. */
@QuarkusTest
@WithTestResource(PartneroWireMock.class)
class HookFlowWireMockTest {

    @InjectWireMock
    WireMockServer partnero;

    @Inject
    PartneroClient client;

    @Inject
    OutboxRows rows;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void reset() {
        PartneroWarmup.once(client, partnero);
        partnero.resetAll();
        rows.clear();
    }

    @AfterEach
    void closeBreakers() {
        breakers.resetAll();
    }

    @Test
    void signupThenPurchaseGoUpstreamInPartnerosDocumentedShape() {
        String bob = TestKeys.next("bob");
        String invoice = TestKeys.next("inv");
        partnero.stubFor(post("/customers").willReturn(json(201, Fixtures.customer(bob))));
        partnero.stubFor(post("/transactions").willReturn(json(200, Fixtures.transaction(invoice))));
        given().contentType(ContentType.JSON).header("Cookie", "partnero_referral=alice_123")
                .body(Map.of("key", bob, "email", "bob@example.com", "name", "Bob"))
                .post("/signup-hook").then().statusCode(201)
                .body("referral_link", equalTo("https://example.com/?ref=" + bob));
        given().contentType(ContentType.JSON).body(Map.of("customer_key", bob, "key", invoice, "amount", 100))
                .post("/purchase-hook").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("customer_key", bob, "key", invoice, "amount", 100.0))
                .post("/purchase-hook").then().statusCode(200).body("transactions[0].status", equalTo("duplicate"));
        given().contentType(ContentType.JSON).body(Map.of("customer_key", bob, "key", invoice, "amount", 99))
                .post("/purchase-hook").then().statusCode(409);
        partnero.verify(1, postRequestedFor(urlPathEqualTo("/customers"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer test-key"))
                .withRequestBody(matchingJsonPath("$.referring_customer.key", com.github.tomakehurst.wiremock.client.WireMock.equalTo("alice_123"))));
        partnero.verify(1, postRequestedFor(urlPathEqualTo("/transactions")).withRequestBody(equalToJson(
                "{\"customer\":{\"key\":\"" + bob + "\"},\"key\":\"" + invoice + "\",\"amount\":100,\"action\":\"sale\"}")));
    }

    @Test
    void anHtmlOutageIsQueuedThenDeliveredOnceAfterTheCheck() {
        String invoice = TestKeys.next("inv");
        partnero.stubFor(post("/transactions").inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                        .withBodyFile(Fixtures.BAD_GATEWAY_PAGE)).willSetStateTo("up"));
        partnero.stubFor(post("/transactions").inScenario("outage").whenScenarioStateIs("up")
                .willReturn(json(200, Fixtures.transaction(invoice))));
        partnero.stubFor(get("/transactions/" + invoice).willReturn(json(404, Fixtures.notFound("Transaction"))));
        given().contentType(ContentType.JSON).body(Map.of("customer_key", "flow_buyer", "key", invoice, "amount", 5))
                .post("/purchase-hook").then().statusCode(202);
        await().atMost(15, SECONDS).until(() -> rows.state("PURCHASE", invoice).equals("DELIVERED"));
        partnero.verify(2, transactionPosted(invoice));
        partnero.verify(1, getRequestedFor(urlPathEqualTo("/transactions/" + invoice)));
    }

    @Test
    void aConnectionResetAfterSendingIsCheckedAndNotPaidTwice() {
        String invoice = TestKeys.next("inv");
        partnero.stubFor(post("/transactions").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        partnero.stubFor(get("/transactions/" + invoice).willReturn(json(200, Fixtures.transaction(invoice))));
        given().contentType(ContentType.JSON).body(Map.of("customer_key", "flow_buyer2", "key", invoice, "amount", 5))
                .post("/purchase-hook").then().statusCode(202);
        await().atMost(15, SECONDS).until(() -> rows.state("PURCHASE", invoice).equals("DELIVERED"));
        partnero.verify(1, transactionPosted(invoice));
    }

    @Test
    void aSlowButInTimePartneroIsWaitedForWithinTheHookDeadline() {
        String invoice = TestKeys.next("inv");
        partnero.stubFor(post("/transactions").willReturn(json(200, Fixtures.transaction(invoice))
                .withFixedDelay(200)));
        long start = System.nanoTime();
        given().contentType(ContentType.JSON).body(Map.of("customer_key", "flow_buyer3", "key", invoice, "amount", 5))
                .post("/purchase-hook").then().statusCode(201);
        org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() - start >= 200_000_000L);
        partnero.verify(1, transactionPosted(invoice));
    }

    @Test
    void aHundredConcurrentCopiesOfOnePurchaseReachPartneroOnce() throws Exception {
        String invoice = TestKeys.next("inv");
        partnero.stubFor(post("/transactions").willReturn(json(200, Fixtures.transaction(invoice))));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        var answers = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
        for (int i = 0; i < 100; i++) {
            answers.add(pool.submit(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("customer_key", "flow_buyer4", "key", invoice, "amount", 7))
                    .post("/purchase-hook").statusCode()));
        }
        for (var answer : answers) {
            org.junit.jupiter.api.Assertions.assertTrue(answer.get() == 200 || answer.get() == 201);
        }
        pool.shutdown();
        partnero.verify(1, transactionPosted(invoice));
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsCheckedAndTheRecordedPurchaseNotSentAgain() {
        String invoice = TestKeys.next("inv");
        // Partnero records the transaction but answers after the attempt's timeout (1 s for writes in tests).
        partnero.stubFor(post("/transactions").willReturn(json(200, Fixtures.transaction(invoice))
                .withFixedDelay(1500)));
        partnero.stubFor(get("/transactions/" + invoice).willReturn(json(200, Fixtures.transaction(invoice))));
        given().contentType(ContentType.JSON).body(Map.of("customer_key", "flow_buyer5", "key", invoice, "amount", 5))
                .post("/purchase-hook").then().statusCode(202);
        await().atMost(15, SECONDS).until(() -> rows.state("PURCHASE", invoice).equals("DELIVERED"));
        partnero.verify(1, transactionPosted(invoice));
        partnero.verify(1, getRequestedFor(urlPathEqualTo("/transactions/" + invoice)));
    }

    /** POSTs of this test's transaction only: a straggler of an earlier test never counts. */
    private static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder transactionPosted(String key) {
        return postRequestedFor(urlPathEqualTo("/transactions"))
                .withRequestBody(matchingJsonPath("$.key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(key)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
