package dev.referral.sidecar.sandbox;

import static dev.referral.sidecar.sandbox.SandboxApi.api;
import static dev.referral.sidecar.sandbox.SandboxApi.createCustomer;
import static dev.referral.sidecar.sandbox.SandboxApi.customer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SandboxCustomersTest {

    @BeforeEach
    void reset() {
        SandboxApi.reset();
    }

    @Test
    void createAnswersPartnerosCustomerWithoutKeyAndWithReferralLink() {
        createCustomer("{\"key\":\"alice_123\",\"email\":\"alice@example.com\",\"name\":\"Alice\"}")
                .then().statusCode(201)
                .body("status", equalTo(1))
                .body("data.id", equalTo("alice_123"))
                .body("data", not(hasKey("key")))
                .body("data.status", equalTo("active"))
                .body("data.approved", equalTo(true))
                .body("data.referring_customer", nullValue())
                .body("data.referrals_count", equalTo(0))
                .body("data.referral_link", equalTo("http://localhost:3000/?ref=alice_123"))
                .body("data.referral_links", contains("http://localhost:3000/?ref=alice_123"))
                .body("data.created_at", org.hamcrest.Matchers.matchesPattern(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
    }

    @Test
    void referredCustomerLinksToReferrerAndCountsAsReferral() {
        customer("alice_123", null);
        createCustomer("{\"key\":\"bob_456\",\"email\":\"bob@example.com\",\"name\":\"Bob\","
                + "\"referring_customer\":{\"key\":\"alice_123\"}}")
                .then().statusCode(201)
                .body("data.referring_customer.id", equalTo("alice_123"))
                .body("data.referring_customer.email", equalTo("alice_123@example.com"))
                .body("data.referring_customer.name", equalTo("alice_123"))
                .body("data.referring_customer", hasKey("surname"));
        api().get("/customers/alice_123").then().statusCode(200).body("data.referrals_count", equalTo(1));
    }

    @Test
    void unknownPathAnswersLaravelsNotFound() {
        api().get("/nothing/here").then().statusCode(404)
                .contentType("application/json").body("message", equalTo("Not found."));
    }

    @Test
    void credentialCheckAnswersSandboxMode() {
        api().get("/test").then().statusCode(200).body("data.mode", equalTo("sandbox")).body("status", equalTo(1));
    }

    @Test
    void missingOrEmptyTokenIsUnauthenticated() {
        given().basePath("/sandbox/v1").get("/test").then().statusCode(401)
                .body("message", equalTo("Unauthenticated.")).body("$", not(hasKey("status")));
        given().basePath("/sandbox/v1").header("Authorization", "Bearer ").get("/customers/x").then()
                .statusCode(401);
    }

    @Test
    void referralsPageAsLaravelSimplePaginate() {
        customer("alice", null);
        for (int i = 1; i <= 3; i++) {
            customer("friend" + i, "alice");
        }
        api().queryParam("limit", 2).get("/customers/alice/referrals").then().statusCode(200)
                .body("data", hasSize(2))
                .body("data[0].referring_customer.id", equalTo("alice"))
                .body("links.last", nullValue())
                .body("links.prev", nullValue())
                .body("links.next", endsWith("/sandbox/v1/customers/alice/referrals?page=2"))
                .body("meta.current_page", equalTo(1)).body("meta.from", equalTo(1))
                .body("meta.to", equalTo(2)).body("meta.per_page", equalTo(2))
                .body("meta.path", endsWith("/sandbox/v1/customers/alice/referrals"));
        api().body("{\"limit\":2,\"page\":2}").get("/customers/alice/referrals").then().statusCode(200)
                .body("data", hasSize(1)).body("links.next", nullValue()).body("meta.from", equalTo(3));
    }
}
