package dev.referral.sidecar.sandbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** A refer-a-friend program driven as the official PHP SDK drives it, through the routes it needs. */
@QuarkusTest
class PhpSdkFlowTest {

    @BeforeEach
    void referringAndReferredCustomers() {
        SandboxApi.reset();
        // referrals()->createReferring, ->createReferred, and one customer nobody referred.
        PhpSdk.call("POST", "/customers", "{\"id\":\"alice\",\"email\":\"alice@example.com\",\"name\":\"Alice\"}")
                .then().statusCode(201);
        PhpSdk.call("POST", "/customers", "{\"id\":\"bob\",\"email\":\"bob@example.com\",\"name\":\"Bob\","
                + "\"referring_customer\":{\"key\":\"alice\"}}").then().statusCode(201);
        PhpSdk.call("POST", "/customers", "{\"id\":\"carol\",\"email\":\"carol@example.com\"}").then().statusCode(201);
    }

    @Test
    void listAndSearchFindTheReferredFriend() {
        PhpSdk.call("GET", "/customers", "[]").then().statusCode(200)
                .body("data.id", contains("alice", "bob", "carol"));
        PhpSdk.call("GET", "/customers", "{\"limit\":50,\"page\":1,\"refer_status\":\"referred\"}").then()
                .statusCode(200).body("data.id", contains("bob"))
                .body("data[0].referring_customer.id", equalTo("alice"));
        PhpSdk.call("GET", "/customers", "{\"refer_status\":\"non_referred\"}").then()
                .body("data.id", contains("alice", "carol"));
        PhpSdk.call("GET", "/customers", "{\"limit\":2}").then().body("data", hasSize(2))
                .body("links.next", org.hamcrest.Matchers.endsWith("/sandbox/v1/customers?page=2"));
        PhpSdk.call("GET", "/customers:search?key=bob", "[]").then().statusCode(200).body("data.id", contains("bob"));
        PhpSdk.call("GET", "/customers:search", "{\"id\":\"bob\"}").then().body("data.id", contains("bob"));
        PhpSdk.call("GET", "/customers/alice/referrals", "[]").then().body("data.id", contains("bob"));
    }

    @Test
    void aBadReferStatusIsA422OnTheField() {
        PhpSdk.call("GET", "/customers", "{\"refer_status\":\"everyone\"}").then().statusCode(422)
                .body("errors.refer_status", contains("The selected refer status is invalid."));
    }

    @Test
    void anUpdateThroughEitherFormChangesTheCustomer() {
        // customers()->update names the key, referrals()->update the id; both PUT /customers.
        PhpSdk.call("PUT", "/customers", "{\"key\":\"bob\",\"update\":{\"name\":\"Robert\"}}").then().statusCode(200)
                .body("data.name", equalTo("Robert"));
        PhpSdk.call("PUT", "/customers", "{\"id\":\"bob\",\"update\":{\"surname\":\"Green\"}}").then().statusCode(200)
                .body("data.surname", equalTo("Green"));
        PhpSdk.call("PUT", "/customers/bob", "{\"update\":{\"email\":\"robert@example.com\"}}").then()
                .statusCode(200);
        PhpSdk.call("GET", "/customers/bob", "[]").then().body("data.name", equalTo("Robert"))
                .body("data.surname", equalTo("Green")).body("data.email", equalTo("robert@example.com"));
    }

    @Test
    void theOlderUpdateFormAnswersPartnerosErrors() {
        PhpSdk.call("PUT", "/customers", "{\"key\":\"ghost\",\"update\":{\"name\":\"X\"}}").then().statusCode(404)
                .body("message", equalTo("Customer not found."));
        PhpSdk.call("PUT", "/customers", "{\"update\":{\"name\":\"X\"}}").then().statusCode(422)
                .body("errors.key", contains("The key field is required when id is not present."));
        PhpSdk.call("PUT", "/customers", "{\"key\":\"bob\"}").then().statusCode(422)
                .body("errors.update", contains("The update field is required."));
        PhpSdk.call("PUT", "/customers", "{\"key\":\"bob\",\"update\":{\"email\":\"alice@example.com\"}}").then()
                .statusCode(422).body("errors.'update.email'", contains("The update.email has already been taken."));
    }

    @Test
    void aSecondReferralLinkIsListedFoundUpdatedAndDeleted() {
        PhpSdk.call("POST", "/customer_referral_links",
                "{\"key\":\"alice_2\",\"domain_id\":null,\"is_additional\":false,\"customer\":{\"key\":\"alice\"}}")
                .then().statusCode(200).body("data.id", equalTo("alice_2")).body("data.key", equalTo("alice_2"))
                .body("data.url", equalTo("http://localhost:3000/?ref=alice_2")).body("data.default", equalTo(false));
        PhpSdk.call("GET", "/customers/alice", "[]").then().body("data.referral_links",
                contains("http://localhost:3000/?ref=alice", "http://localhost:3000/?ref=alice_2"));
        PhpSdk.call("GET", "/customers/alice/referral_links", "[]").then().statusCode(200)
                .body("data.key", contains("alice", "alice_2")).body("data.default", contains(true, false));
        PhpSdk.call("GET", "/customer_referral_links:search?key=alice_2&customer%5Bkey%5D=alice", "[]").then()
                .body("data.id", contains("alice_2"));
        PhpSdk.call("GET", "/customer_referral_links:search?customer%5Bkey%5D=bob", "[]").then()
                .body("data", hasSize(0));

        PhpSdk.call("PUT", "/customer_referral_links/alice_2", "{\"key\":\"alice_two\",\"direct_tracking\":true}")
                .then().statusCode(200).body("data.id", equalTo("alice_2")).body("data.key", equalTo("alice_two"))
                .body("data.url", equalTo("http://localhost:3000/?ref=alice_two"))
                .body("data.direct_tracking", equalTo(true));
        PhpSdk.call("GET", "/customer_referral_links:search?key=alice_two", "[]").then()
                .body("data.id", contains("alice_2"));
        PhpSdk.call("GET", "/customer_referral_links/alice_2", "[]").then().body("data.key", equalTo("alice_two"));

        PhpSdk.call("DELETE", "/customer_referral_links/alice_2", "[]").then().statusCode(200)
                .body("status", equalTo(1));
        PhpSdk.call("GET", "/customer_referral_links/alice_2", "[]").then().statusCode(404)
                .body("message", equalTo("Not found."));
        PhpSdk.call("GET", "/customers/alice/referral_links", "[]").then().body("data.key", contains("alice"));
        PhpSdk.call("GET", "/customers/alice", "[]").then()
                .body("data.referral_links", contains("http://localhost:3000/?ref=alice"));
    }

    @Test
    void aLinkKeyIsUniqueAndNamesItsCustomerAsReferrer() {
        PhpSdk.call("POST", "/customer_referral_links", "{\"key\":\"bob\",\"customer\":{\"key\":\"alice\"}}").then()
                .statusCode(422).body("errors.key", contains("The key has already been taken."));
        PhpSdk.call("POST", "/customer_referral_links", "{\"key\":\"spring\",\"customer\":{\"key\":\"ghost\"}}").then()
                .statusCode(422).body("errors.'customer.key'", contains("The selected customer.key is invalid."));
        PhpSdk.call("POST", "/customer_referral_links", "[]").then().statusCode(422)
                .body("errors.keySet()", containsInAnyOrder("key", "customer.key"));
        PhpSdk.call("POST", "/customer_referral_links", "{\"key\":\"spring\",\"customer\":{\"id\":\"alice\"}}").then()
                .statusCode(200);
        // A friend who arrived through the additional link carries its key in the cookie.
        PhpSdk.call("POST", "/customers", "{\"id\":\"dan\",\"referring_customer\":{\"key\":\"spring\"}}").then()
                .statusCode(201).body("data.referring_customer.id", equalTo("alice"));
        PhpSdk.call("DELETE", "/customers/alice", "[]").then().statusCode(200);
        PhpSdk.call("GET", "/customer_referral_links/spring", "[]").then().statusCode(404);
    }

    @Test
    void anInvitationIsRecordedAndSendsNothing() {
        PhpSdk.call("POST", "/customers:invite",
                "{\"email\":\"friend@example.com\",\"name\":\"Fran\",\"password\":\"pw-never-kept\","
                        + "\"personalization\":{\"from\":\"Alice\"}}")
                .then().statusCode(200).body("data.email", equalTo("friend@example.com"))
                .body("data.sent", equalTo(false));
        given().get("/sandbox/state").then().statusCode(200)
                .body("invites.email", contains("friend@example.com"))
                .body("invites[0].personalization.from", equalTo("Alice"));
        PhpSdk.call("POST", "/customers:invite", "{\"email\":\"not-an-email\"}").then().statusCode(422)
                .body("errors.email", hasItem("The email field must be a valid email address."));
        PhpSdk.call("POST", "/customers:invite", "[]").then().statusCode(422)
                .body("errors.email", contains("The email field is required."));
        given().get("/sandbox/state").then().body("invites", hasSize(1))
                .body(not(org.hamcrest.Matchers.containsString("pw-never-kept")));
    }
}
