package dev.referral.sidecar.sandbox;

import static dev.referral.sidecar.sandbox.SandboxApi.api;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A full kind is refused with a 507 that names the limit, changes nothing, and frees up on reset. */
@QuarkusTest
@TestProfile(SandboxLimitsTest.SmallLimits.class)
class SandboxLimitsTest {

    public static final class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sandbox.limits.customers", "2", "sandbox.limits.transactions", "2",
                    "sandbox.limits.credits", "1", "sandbox.limits.referral-links", "1",
                    "sandbox.limits.invites", "1", "sandbox.limits.webhooks", "1", "sandbox.limits.requests", "3");
        }
    }

    @BeforeEach
    void twoCustomers() {
        SandboxApi.reset();
        SandboxApi.customer("alice", null);
        SandboxApi.customer("bob", "alice");
    }

    @Test
    void aThirdCustomerIs507NamingTheLimitAndResetMakesRoom() {
        SandboxApi.createCustomer("{\"key\":\"carol\"}").then().statusCode(507).body("message", equalTo(
                "The sandbox keeps at most 2 customers (SANDBOX_LIMITS_CUSTOMERS). "
                        + "Reset it (POST /sandbox/reset) or raise the limit."));
        given().get("/sandbox/state").then().body("customers", hasSize(2));
        SandboxApi.reset();
        SandboxApi.customer("carol", null);
    }

    @Test
    void transactionsCountEvenWhenRefundedAndABatchThatWouldOverflowIsRefusedWhole() {
        SandboxApi.sale("bob", "order_1", "10").then().statusCode(200);
        api().body("{\"customer\":{\"key\":\"bob\"},\"transactions\":[{\"key\":\"a\",\"amount\":1},"
                + "{\"key\":\"b\",\"amount\":2}]}").post("/transactions").then().statusCode(507);
        api().delete("/transactions/order_1").then().statusCode(200);
        SandboxApi.sale("bob", "order_2", "10").then().statusCode(200);
        SandboxApi.sale("bob", "order_3", "10").then().statusCode(507)
                .body("message", org.hamcrest.Matchers.containsString("SANDBOX_LIMITS_TRANSACTIONS"));
        given().get("/sandbox/state").then().body("transactions", hasSize(2));
    }

    @Test
    void creditsLinksInvitesAndWebhooksAreBoundedToo() {
        String credit = "{\"amount\":1,\"amount_units\":\"usd\",\"is_currency\":true}";
        api().body(credit).post("/customers/alice/balance/credit").then().statusCode(200);
        api().body(credit).post("/customers/alice/balance/credit").then().statusCode(507);
        api().body("{\"key\":\"a2\",\"customer\":{\"key\":\"alice\"}}").post("/customer_referral_links").then()
                .statusCode(200);
        api().body("{\"key\":\"a3\",\"customer\":{\"key\":\"alice\"}}").post("/customer_referral_links").then()
                .statusCode(507);
        api().body("{\"email\":\"f1@example.com\"}").post("/customers:invite").then().statusCode(200);
        api().body("{\"email\":\"f2@example.com\"}").post("/customers:invite").then().statusCode(507);
        String webhook = "{\"name\":\"w\",\"url\":\"http://127.0.0.1:9/h\",\"events\":[\"customer.created\"]}";
        api().body(webhook).post("/webhooks").then().statusCode(200);
        api().body(webhook).post("/webhooks").then().statusCode(422).body("errors.url", hasSize(1));
        given().get("/sandbox/state").then().body("credits", hasSize(1)).body("referral_links", hasSize(1))
                .body("invites", hasSize(1)).body("webhooks", hasSize(1));
    }

    @Test
    void theRequestLogKeepsOnlyTheLastRequests() {
        for (int i = 0; i < 5; i++) {
            api().get("/test").then().statusCode(200);
        }
        given().get("/sandbox/requests").then().body("requests", hasSize(3));
    }
}
