package dev.referral.sidecar.sandbox;

import static dev.referral.sidecar.sandbox.SandboxApi.api;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

/** The emulator stays bounded whatever a client sends (issue 10, item 5). */
@QuarkusTest
class SandboxBoundsTest {

    @BeforeEach
    void referredBuyer() {
        SandboxApi.reset();
        SandboxApi.customer("alice", null);
        SandboxApi.customer("bob", "alice");
    }

    /** Without the bounds, 1e999999999 became a billion-digit number (out of memory) when the reward was computed. */
    @ParameterizedTest
    @ValueSource(strings = {"1e999999999", "\"1e999999999\"", "-1E+999999999", "1e12", "1000000000000", "1e-999999999",
            "0.001", "\"12.345\""})
    void anAmountPastTwelveDigitsOrTwoDecimalsIs422AndChangesNothing(String amount) {
        SandboxApi.sale("bob", "order_1", amount).then().statusCode(422)
                .body("errors.amount", hasSize(1));
        api().body("{\"amount\":" + amount + ",\"amount_units\":\"usd\",\"is_currency\":true}")
                .post("/customers/alice/balance/credit").then().statusCode(422).body("errors.amount", hasSize(1));
        given().get("/sandbox/state").then().body("transactions", hasSize(0)).body("credits", hasSize(0));
    }

    @Test
    void theLargestAmountsWithTwoDecimalsAreAccepted() {
        SandboxApi.sale("bob", "order_1", "999999999999.99").then().statusCode(200)
                .body("data.amount", equalTo(999999999999.99f));
        SandboxApi.sale("bob", "order_2", "\"1.50\"").then().statusCode(200);
        SandboxApi.sale("bob", "order_3", "1E+2").then().statusCode(200).body("data.amount", equalTo(100));
        SandboxApi.sale("bob", "order_4", "0E+999999999").then().statusCode(200).body("data.amount", equalTo(0));
    }

    @Test
    void theMessagesNameTheBound() {
        SandboxApi.sale("bob", "order_1", "1e999999999").then().statusCode(422).body("errors.amount",
                contains("The amount field must be between -999999999999.99 and 999999999999.99."));
        SandboxApi.sale("bob", "order_1", "0.001").then().statusCode(422)
                .body("errors.amount", contains("The amount field must have 0-2 decimal places."));
        api().body("{\"customer\":{\"key\":\"bob\"},\"transactions\":[{\"key\":\"a\",\"amount\":1e999999999}]}")
                .post("/transactions").then().statusCode(422).body("errors", org.hamcrest.Matchers.hasKey(
                        "transactions.0.amount"));
        // Kept values are echoed as plain numbers: a huge exponent anywhere in stored JSON is refused too.
        SandboxApi.createCustomer("{\"key\":\"carl\",\"custom_fields\":{\"score\":[1e999999999]}}").then()
                .statusCode(422).body("errors.custom_fields", contains(
                        "The custom fields field must not hold numbers with more than 100 digits."));
        api().body("{\"limit\":1e999999999}").get("/webhooks").then().statusCode(422)
                .body("errors.limit", hasSize(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/hook", "file:///etc/passwd", "javascript:alert(1)", "http:///no-host",
            "gopher://example.com/"})
    void aWebhookTargetThatIsNotHttpIs422OnUrl(String url) {
        api().body("{\"name\":\"x\",\"url\":\"" + url + "\",\"events\":[\"customer.created\"]}").post("/webhooks")
                .then().statusCode(422).body("errors.url", contains("The url field must be a valid URL."));
        given().get("/sandbox/state").then().body("webhooks", hasSize(0));
    }

    @Test
    void theEleventhWebhookIs422OnUrlNamingTheLimit() {
        for (int i = 0; i < 10; i++) {
            api().body("{\"name\":\"w" + i + "\",\"url\":\"http://127.0.0.1:9/h" + i
                    + "\",\"events\":[\"customer.created\"]}").post("/webhooks").then().statusCode(200);
        }
        api().body("{\"name\":\"w11\",\"url\":\"http://127.0.0.1:9/h11\",\"events\":[\"customer.created\"]}")
                .post("/webhooks").then().statusCode(422)
                .body("errors.url", contains("No more than 10 webhooks can be registered (SANDBOX_LIMITS_WEBHOOKS)."));
        given().get("/sandbox/state").then().body("webhooks", hasSize(10));
    }

    @Test
    void jsonThatIsNotAnObjectIsEmptyInputAndOnlyNonJsonIs400() {
        for (String body : new String[] {"[]", "{}", "[1,2]", "\"text\"", "null", "7"}) {
            api().body(body).get("/webhooks").then().statusCode(200);
            api().body(body).post("/customers/alice/balance/credit").then().statusCode(422)
                    .body("errors.keySet()", org.hamcrest.Matchers.containsInAnyOrder(
                            "amount", "amount_units", "is_currency"));
        }
        api().body("{not json").post("/customers").then().statusCode(400);
    }
}
