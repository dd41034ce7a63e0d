package dev.referral.sidecar.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

@QuarkusTest
@TestProfile(AlternateSandboxProfile.class)
class SandboxAlternateProfileTest {

    @InjectWebhookReceiver
    WireMockServer receiver;

    @Inject
    SandboxSettings settings;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @Inject
    SandboxStore store;

    @BeforeEach
    void reset() {
        SandboxApi.reset();
        receiver.resetRequests();
    }

    @Test
    void onlyTheConfiguredKeyIsAccepted() {
        SandboxApi.api().get("/test").then().statusCode(401).body("message", equalTo("Unauthenticated."));
        api().get("/test").then().statusCode(200);
    }

    @Test
    void generatedIdsDifferFromKeysAndLinksAppendToTheSiteQuery() {
        api().body("{\"key\":\"alice\"}").post("/customers").then().statusCode(200)
                .body("data.id", equalTo("cus_000001"))
                .body("data.referral_link", equalTo("https://shop.example.com/join?utm_source=app&ref=alice"));
        api().get("/customers/alice").then().statusCode(200).body("data.id", equalTo("cus_000001"));
        api().get("/customers/cus_000001").then().statusCode(200);
    }

    @Test
    void unknownReferrerIs400() {
        api().body("{\"key\":\"bob\",\"referring_customer\":{\"key\":\"ghost\"}}").post("/customers").then()
                .statusCode(400).body("$", hasKey("message"));
        given().get("/sandbox/state").then().body("customers", hasSize(0));
    }

    @Test
    void nonReferredPurchaseIsRejectedAndRepeatedKeysAreStrict() {
        api().body("{\"key\":\"alice\"}").post("/customers").then().statusCode(200);
        api().body("{\"key\":\"bob\",\"referring_customer\":{\"id\":\"cus_000001\"}}").post("/customers").then()
                .statusCode(200).body("data.referring_customer.id", equalTo("cus_000001"));
        sale("alice", "a1").then().statusCode(422).body("errors", hasKey("customer.key"));
        sale("bob", "b1").then().statusCode(200).body("data.rewards[0].amount", equalTo(20));
        sale("bob", "b1").then().statusCode(422).body("errors.key", hasSize(1));
    }

    @Test
    void configuredWebhookIsRegisteredAgainOnResetAndSignsWithItsSecret() throws IOException {
        api().get("/webhooks").then().statusCode(200).body("data", hasSize(1))
                .body("data[0].url", equalTo(receiver.baseUrl() + WebhookReceiver.PATH))
                .body("data[0].signature", equalTo(WebhookReceiver.SECRET));
        api().body("{\"key\":\"carol\"}").post("/customers").then().statusCode(200);
        await().atMost(10, SECONDS).until(() -> !deliveries().isEmpty());
        LoggedRequest delivery = deliveries().get(0);
        assertEquals(WebhookDispatcher.sign(WebhookReceiver.SECRET, delivery.getBody()),
                delivery.getHeader("Signature"));
        assertEquals("customer.created", mapper.readTree(delivery.getBody()).get("event").asText());
    }

    @Test
    void stateFileSurvivesAReloadOfTheStore() throws IOException {
        api().body("{\"key\":\"dora\",\"email\":\"dora@example.com\"}").post("/customers").then().statusCode(200);
        api().body("{\"key\":\"eve\",\"referring_customer\":{\"key\":\"dora\"}}").post("/customers").then()
                .statusCode(200);
        sale("eve", "e1").then().statusCode(200);
        assertTrue(Files.exists(WebhookReceiver.STATE_FILE));
        try (Stream<java.nio.file.Path> files = Files.list(WebhookReceiver.STATE_FILE.getParent())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temporary file left");
        }
        SandboxStore reloaded = new SandboxStore(settings, mapper, clock);
        reloaded.load();
        assertEquals(store.snapshot(), reloaded.snapshot());
        assertEquals(List.of("dora", "eve"),
                reloaded.snapshot().customers().stream().map(SandboxCustomer::key).toList());
    }

    private static RequestSpecification api() {
        return given().basePath("/sandbox/v1").header("Authorization", "Bearer " + AlternateSandboxProfile.API_KEY)
                .accept(ContentType.JSON).contentType(ContentType.JSON);
    }

    private static io.restassured.response.Response sale(String buyer, String key) {
        return api().body("{\"customer\":{\"key\":\"" + buyer + "\"},\"key\":\"" + key
                + "\",\"amount\":100,\"action\":\"sale\"}").post("/transactions");
    }

    private List<LoggedRequest> deliveries() {
        return receiver.findAll(postRequestedFor(urlEqualTo(WebhookReceiver.PATH)));
    }
}
