package dev.referral.sidecar.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.referral.sidecar.support.ManagementPort;
import dev.referral.sidecar.support.AppReceiver;
import dev.referral.sidecar.support.SecuredProfile;
import dev.referral.sidecar.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** {@code SIDECAR_TOKEN} on every non-public path, and Partnero webhooks verified, deduplicated and relayed. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class SecuredSidecarTest {

    private final WireMockServer app = AppReceiver.server();

    @BeforeEach
    void appAccepts() {
        app.resetAll();
        app.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/partnero-events")
                .willReturn(aResponse().withStatus(204)));
    }

    @Test
    void everyInboundEndpointNeedsTheToken() {
        given().get("/admin/dead-letters").then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("/problems/unauthorized"));
        given().header("Authorization", "Bearer wrong").get("/admin/dead-letters").then().statusCode(401);
        given().header("Authorization", "Basic " + SecuredProfile.TOKEN).get("/admin/dead-letters").then()
                .statusCode(401);
        given().contentType(ContentType.JSON).body("{\"key\":\"k\"}").post("/refund-hook").then().statusCode(401);
        given().get("/referrals/alice").then().statusCode(401);
        given().header("Authorization", "Bearer " + SecuredProfile.TOKEN).contentType(ContentType.JSON).body("{}")
                .post("/refund-hook").then().statusCode(400);
        given().header("Authorization", "bearer " + SecuredProfile.TOKEN).contentType(ContentType.JSON).body("{}")
                .post("/refund-hook").then().statusCode(400);
    }

    @Test
    void adminPathsNeedTheAdminTokenAndTheHookTokenIsNotEnough() {
        given().header("Authorization", "Bearer " + SecuredProfile.TOKEN).get("/admin/dead-letters").then()
                .statusCode(401).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("SIDECAR_ADMIN_TOKEN"));
        given().header("Authorization", "Bearer " + SecuredProfile.TOKEN).post("/admin/dead-letters/1/retry")
                .then().statusCode(401);
        given().header("Authorization", "Bearer " + SecuredProfile.ADMIN_TOKEN).get("/admin/dead-letters").then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + SecuredProfile.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body("{}").post("/refund-hook").then().statusCode(401);
    }

    @Test
    void theSandboxConsoleFilesArePublicButItsDataNeedsTheToken() {
        given().get("/sandbox").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/html"));
        given().get("/sandbox/console/console.js").then().statusCode(200);
        given().get("/sandbox/state").then().statusCode(401);
        given().get("/admin/outbox").then().statusCode(401);
        given().header("Authorization", "Bearer " + SecuredProfile.TOKEN).get("/admin/outbox").then()
                .statusCode(200);
    }

    @Test
    void healthAndMetricsOnTheManagementPortNeedNoToken() {
        int port = ManagementPort.get();
        given().port(port).get("/q/health/ready").then().statusCode(200);
        given().port(port).get("/q/metrics").then().statusCode(200);
    }

    @Test
    void aWebhookWithABadSignatureIs401AndNotRelayed() {
        byte[] body = event("customer.created");
        given().body(body).contentType(ContentType.JSON).header("Signature", "0".repeat(64))
                .post("/webhooks/partnero").then().statusCode(401);
        given().body(body).contentType(ContentType.JSON).post("/webhooks/partnero").then().statusCode(401);
        app.verify(0, postRequestedFor(urlEqualTo("/partnero-events")));
    }

    @Test
    void aSignedWebhookIsAcceptedWithoutTheTokenAndRelayedOnceReSigned() {
        byte[] body = event("transaction.created");
        String signature = Signatures.sign(body, SecuredProfile.PARTNERO_SECRET);
        given().body(body).contentType(ContentType.JSON).header("Signature", signature)
                .post("/webhooks/partnero").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("accepted"));
        given().body(body).contentType(ContentType.JSON).header("Signature", signature)
                .post("/webhooks/partnero").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("duplicate"));
        await().atMost(10, SECONDS).until(() -> app.findAll(postRequestedFor(urlEqualTo("/partnero-events")))
                .size() == 1);
        var relayed = app.findAll(postRequestedFor(urlEqualTo("/partnero-events"))).get(0);
        assertArrayEquals(body, relayed.getBody());
        String id = relayed.getHeader("webhook-id");
        long timestamp = Long.parseLong(relayed.getHeader("webhook-timestamp"));
        assertTrue(id.matches("msg_[0-9a-f]{64}"), id);
        assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 60, "timestamp " + timestamp);
        assertEquals(StandardWebhookSigner.of(SecuredProfile.APP_SECRET).sign(id, timestamp, body),
                relayed.getHeader("webhook-signature"));
        assertFalse(relayed.containsHeader("Signature"));
    }

    @Test
    void aRelayTheApplicationRefusesIsRetriedUntilItSucceeds() {
        app.resetAll();
        app.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/partnero-events")
                .inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        app.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/partnero-events")
                .inScenario("flaky").whenScenarioStateIs("up").willReturn(aResponse().withStatus(200)));
        byte[] body = event("customer.updated");
        given().body(body).contentType(ContentType.JSON)
                .header("Signature", Signatures.sign(body, SecuredProfile.PARTNERO_SECRET))
                .post("/webhooks/partnero").then().statusCode(200);
        await().atMost(15, SECONDS).until(() -> app.findAll(postRequestedFor(urlEqualTo("/partnero-events")))
                .size() == 2);
        var attempts = app.findAll(postRequestedFor(urlEqualTo("/partnero-events")));
        assertEquals(attempts.get(0).getHeader("webhook-id"), attempts.get(1).getHeader("webhook-id"),
                "one event keeps its webhook-id across retries");
        for (var attempt : attempts) {
            assertEquals(StandardWebhookSigner.of(SecuredProfile.APP_SECRET).sign(attempt.getHeader("webhook-id"),
                    Long.parseLong(attempt.getHeader("webhook-timestamp")), body),
                    attempt.getHeader("webhook-signature"));
        }
    }

    private static byte[] event(String name) {
        return ("{\"event\":\"" + name + "\",\"url\":\"https://example.com/hook\",\"webhook_key\":\"wh_1\","
                + "\"created_at\":\"2026-11-25T10:00:00.000000Z\",\"data\":{\"id\":\"" + TestKeys.next("cus")
                + "\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
