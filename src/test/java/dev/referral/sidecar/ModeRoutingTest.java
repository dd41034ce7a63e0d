package dev.referral.sidecar;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.support.PartneroWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** With an API key (live mode) the emulator does not exist: every {@code /sandbox} path is a plain 404. */
@QuarkusTest
@WithTestResource(PartneroWireMock.class)
class ModeRoutingTest {

    @Test
    void theSandboxAnswers404InLiveMode() {
        given().header("Authorization", "Bearer x").get("/sandbox/v1/test").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("/problems/not-found"));
        given().get("/sandbox/state").then().statusCode(404);
        given().post("/sandbox/reset").then().statusCode(404);
        given().get("/sandbox").then().statusCode(404);
        given().get("/sandbox/console/console.js").then().statusCode(404);
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        given().get("/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().get("/signup-hook").then().statusCode(405).body("type", equalTo("/problems/method-not-allowed"));
        given().accept("text/html").get("/referrals/alice").then().statusCode(406)
                .body("type", equalTo("/problems/not-acceptable"));
    }
}
