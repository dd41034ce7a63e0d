package dev.referral.sidecar.sandbox;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * One contract test per request the official PHP SDK makes in a refer-a-friend program (method, path and body as
 * its {@code Endpoints/*.php} build them), asserting Partnero's status and envelope. Affiliate and newsletter calls
 * (partners, subscribers, settings, the deprecated {@code customer}) stay out of scope: Laravel's JSON 404.
 */
@QuarkusTest
class PhpSdkContractTest {

    /** The answer shapes of PARTNERO.md section 1. */
    enum Envelope { ITEM, LIST, DONE, NOT_FOUND }

    record SdkCall(String sdkMethod, String method, String path, String body, int status, Envelope envelope) {
        @Override
        public String toString() {
            return sdkMethod + ": " + method + " " + path + " " + body;
        }
    }

    @BeforeEach
    void seed() {
        SandboxApi.reset();
        SandboxApi.customer("alice", null);
        SandboxApi.customer("bob", "alice");
        SandboxApi.sale("bob", "order_1", "100").then().statusCode(200);
        SandboxApi.api().body("{\"name\":\"App\",\"url\":\"http://127.0.0.1:9/hook\","
                + "\"events\":[\"customer.created\"],\"is_active\":false}").post("/webhooks")
                .then().statusCode(200).body("data.key", equalTo("wh_000001"));
        SandboxApi.api().body("{\"key\":\"alice_2\",\"customer\":{\"key\":\"alice\"}}")
                .post("/customer_referral_links").then().statusCode(200);
    }

    static Stream<SdkCall> calls() {
        return Stream.of(
                // Test.php
                call("test()->test", "GET", "/test", "[]", 200, Envelope.ITEM),
                // Referrals.php
                call("referrals()->list()", "GET", "/customers", "[]", 200, Envelope.LIST),
                call("referrals()->list(50, 1, 'referred')", "GET", "/customers",
                        "{\"limit\":50,\"page\":1,\"refer_status\":\"referred\"}", 200, Envelope.LIST),
                call("referrals()->createReferring", "POST", "/customers",
                        "{\"id\":\"carol\",\"email\":\"carol@example.com\",\"name\":\"Carol\"}", 201, Envelope.ITEM),
                call("referrals()->createReferred", "POST", "/customers",
                        "{\"id\":\"dan\",\"email\":\"dan@example.com\",\"name\":\"Dan\","
                                + "\"referring_customer\":{\"key\":\"alice\"}}", 201, Envelope.ITEM),
                call("referrals()->find", "GET", "/customers/bob", "[]", 200, Envelope.ITEM),
                call("referrals()->listReferred", "GET", "/customers/alice/referrals", "[]", 200, Envelope.LIST),
                call("referrals()->stats", "GET", "/customers/alice/stats", "[]", 200, Envelope.ITEM),
                call("referrals()->search", "GET", "/customers:search", "{\"id\":\"bob\"}", 200, Envelope.LIST),
                call("referrals()->update", "PUT", "/customers", "{\"id\":\"bob\",\"update\":{\"name\":\"Robert\"}}",
                        200, Envelope.ITEM),
                call("referrals()->delete", "DELETE", "/customers/bob", "[]", 200, Envelope.DONE),
                call("referrals()->invite", "POST", "/customers:invite",
                        "{\"email\":\"friend@example.com\",\"personalization\":{\"first_name\":\"Fran\"}}", 200,
                        Envelope.ITEM),
                call("referrals()->balance", "GET", "/customers/alice/balance", "[]", 200, Envelope.ITEM),
                call("referrals()->credit", "POST", "/customers/alice/balance/credit",
                        "{\"amount\":10.0,\"amount_units\":\"usd\",\"is_currency\":true}", 200, Envelope.ITEM),
                // Customers.php (the calls a refer-a-friend program can make)
                call("customers()->list(10)", "GET", "/customers", "{\"limit\":10}", 200, Envelope.LIST),
                call("customers()->find", "GET", "/customers/alice", "[]", 200, Envelope.ITEM),
                call("customers()->update", "PUT", "/customers", "{\"key\":\"bob\",\"update\":{\"surname\":\"Green\"}}",
                        200, Envelope.ITEM),
                call("customers()->search", "GET", "/customers:search?key=bob", "[]", 200, Envelope.LIST),
                call("customers()->delete", "DELETE", "/customers/bob", "[]", 200, Envelope.DONE),
                // Transactions.php
                call("transactions()->create", "POST", "/transactions",
                        "{\"key\":\"order_2\",\"amount\":50.5,\"action\":\"sale\",\"customer\":{\"key\":\"bob\"}}", 200,
                        Envelope.ITEM),
                call("transactions()->archive", "POST", "/transactions/order_1/archive", "{\"key\":\"order_1\"}", 200,
                        Envelope.DONE),
                call("transactions()->revokeArchived", "POST", "/transactions/order_1/revoke-archive",
                        "{\"key\":\"order_1\"}", 200, Envelope.DONE),
                call("transactions()->delete", "DELETE", "/transactions/order_1", "{\"key\":\"order_1\"}", 200,
                        Envelope.DONE),
                // Webhooks.php
                call("webhooks()->list()", "GET", "/webhooks", "[]", 200, Envelope.LIST),
                call("webhooks()->list(50, 1)", "GET", "/webhooks", "{\"limit\":50,\"page\":1}", 200, Envelope.LIST),
                call("webhooks()->find", "GET", "/webhooks/wh_000001", "[]", 200, Envelope.ITEM),
                call("webhooks()->create", "POST", "/webhooks",
                        "{\"name\":\"Second\",\"url\":\"https://app.example.com/h\","
                        + "\"events\":[\"transaction.created\"],\"is_active\":true}", 200, Envelope.ITEM),
                call("webhooks()->update", "PUT", "/webhooks/wh_000001", "{\"name\":\"Renamed\",\"is_active\":false}",
                        200, Envelope.ITEM),
                call("webhooks()->delete", "DELETE", "/webhooks/wh_000001", "[]", 200, Envelope.DONE),
                // CustomerReferralLinks.php
                call("customerReferralLinks()->list", "GET", "/customers/alice/referral_links", "[]", 200,
                        Envelope.LIST),
                call("customerReferralLinks()->list(key, 10)", "GET", "/customers/alice/referral_links",
                        "{\"limit\":10}", 200, Envelope.LIST),
                call("customerReferralLinks()->get", "GET", "/customer_referral_links/alice_2", "[]", 200,
                        Envelope.ITEM),
                call("customerReferralLinks()->create", "POST", "/customer_referral_links",
                        "{\"key\":\"alice_3\",\"domain_id\":null,\"is_additional\":false,"
                                + "\"customer\":{\"key\":\"alice\"}}",
                        200, Envelope.ITEM),
                call("customerReferralLinks()->update", "PUT", "/customer_referral_links/alice_2",
                        "{\"key\":\"alice_two\"}", 200, Envelope.ITEM),
                call("customerReferralLinks()->search(id)", "GET", "/customer_referral_links:search?id=alice_2", "[]",
                        200, Envelope.LIST),
                call("customerReferralLinks()->search(key, customer)", "GET",
                        "/customer_referral_links:search?key=alice_2&customer%5Bkey%5D=alice", "[]", 200,
                        Envelope.LIST),
                call("customerReferralLinks()->delete", "DELETE", "/customer_referral_links/alice_2", "[]", 200,
                        Envelope.DONE),
                // Out of scope: affiliate and newsletter programs.
                call("partners()->list(10)", "GET", "/partners", "{\"limit\":10}", 404, Envelope.NOT_FOUND),
                call("subscribers()->list()", "GET", "/subscribers", "[]", 404, Envelope.NOT_FOUND),
                call("settings()->update", "PUT", "/settings", "{\"settings\":{}}", 404, Envelope.NOT_FOUND),
                call("customer()->get (deprecated)", "GET", "/customer", "{\"key\":\"alice\"}", 404,
                        Envelope.NOT_FOUND),
                call("partnerReferralLinks()->list", "GET", "/partners/p1/referral_links", "[]", 404,
                        Envelope.NOT_FOUND));
    }

    private static SdkCall call(String sdkMethod, String method, String path, String body, int status,
            Envelope envelope) {
        return new SdkCall(sdkMethod, method, path, body, status, envelope);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void answersAsPartnero(SdkCall call) {
        ValidatableResponse response = PhpSdk.call(call.method(), call.path(), call.body()).then()
                .statusCode(call.status()).contentType("application/json");
        switch (call.envelope()) {
            case ITEM -> response.body("status", equalTo(1)).body("data", instanceOf(Map.class));
            case LIST -> response.body("status", equalTo(1)).body("data", instanceOf(List.class))
                    .body("links", allOf(hasKey("first"), hasKey("last"), hasKey("prev"), hasKey("next")))
                    .body("meta", allOf(hasKey("current_page"), hasKey("from"), hasKey("path"), hasKey("per_page"),
                            hasKey("to")));
            case DONE -> response.body("status", equalTo(1)).body("$", not(hasKey("data")));
            case NOT_FOUND -> response.body("message", equalTo("Not found.")).body("$", not(hasKey("status")));
        }
    }
}
