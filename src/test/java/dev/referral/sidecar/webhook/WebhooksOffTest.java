package dev.referral.sidecar.webhook;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Without {@code PARTNERO_WEBHOOK_SECRET} the receiver does not exist: nothing unsigned is ever taken. */
@QuarkusTest
class WebhooksOffTest {

    @Test
    void theReceiverAnswers404WhenNoSecretIsConfigured() {
        given().body("{\"event\":\"customer.created\"}").contentType(ContentType.JSON)
                .header("Signature", "abc").post("/webhooks/partnero").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
