package dev.referral.sidecar.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;

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
        given().header("Authorization", "Bearer " + SecuredProfile.TOKEN).get("/admin/dead-letters").then()
                .statusCode(200);
        given().header("Authorization", "bearer " + SecuredProfile.TOKEN).get("/admin/dead-letters").then()
                .statusCode(200);
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
        app.verify(1, postRequestedFor(urlEqualTo("/partnero-events"))
                .withHeader("Signature", equalTo(Signatures.sign(body, SecuredProfile.APP_SECRET))));
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
    }

    private static byte[] event(String name) {
        return ("{\"event\":\"" + name + "\",\"url\":\"https://example.com/hook\",\"webhook_key\":\"wh_1\","
                + "\"created_at\":\"2026-11-25T10:00:00.000000Z\",\"data\":{\"id\":\"" + TestKeys.next("cus")
                + "\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
