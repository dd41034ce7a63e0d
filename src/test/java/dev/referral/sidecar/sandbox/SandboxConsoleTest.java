package dev.referral.sidecar.sandbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The console's files in sandbox mode: the page with the referral links' base filled in, its script and style, and
 * a Content-Security-Policy that keeps the page on this origin. The browser flow itself is {@code ConsoleIT}.
 */
@QuarkusTest
class SandboxConsoleTest {

    @Test
    void servesThePageItsScriptAndItsStyleFromTheJarWithAPolicyForThisOriginOnly() {
        given().get("/sandbox").then().statusCode(200).contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("connect-src 'self'"))
                .body(containsString("data-site-url=\"http://localhost:3000/\""))
                .body(not(containsString("{{site-url}}")))
                .body(not(containsString("https://")));
        given().get("/sandbox/console/console.js").then().statusCode(200)
                .contentType(startsWith("text/javascript")).body(containsString("partnero_referral"));
        given().get("/sandbox/console/console.css").then().statusCode(200).contentType(startsWith("text/css"));
        given().get("/sandbox/console/index.html").then().statusCode(404);
        given().get("/sandbox/console/..%2Fapplication.properties").then().statusCode(404);
    }

    @Test
    void theEmulatorLogsEachCallsLatencyAndKeepsWebhookDeliveriesApart() {
        SandboxApi.reset();
        SandboxApi.api().get("/customers/ghost").then().statusCode(404);
        given().get("/sandbox/requests").then().statusCode(200)
                .body("requests[0].latency_ms", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
        given().get("/sandbox/webhook-deliveries").then().statusCode(200)
                .body("deliveries.size()", equalTo(0));
    }
}
