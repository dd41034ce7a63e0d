package dev.referral.sidecar.sandbox;

import static dev.referral.sidecar.sandbox.SandboxApi.api;
import static dev.referral.sidecar.sandbox.SandboxApi.customer;
import static dev.referral.sidecar.sandbox.SandboxApi.sale;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SandboxTransactionsTest {

    @BeforeEach
    void referredBuyer() {
        SandboxApi.reset();
        customer("alice", null);
        customer("bob", "alice");
    }

    @Test
    void saleByReferredBuyerRewardsTheReferrer() {
        sale("bob", "invoice_1", "100").then().statusCode(200)
                .body("status", equalTo(1))
                .body("data.key", equalTo("invoice_1"))
                .body("data.action", equalTo("sale"))
                .body("data.amount", equalTo(100))
                .body("data.customer", equalTo("alice"))
                .body("data.referred_customer", equalTo("bob"))
                .body("data.credit", equalTo(false))
                .body("data.is_currency", equalTo(true))
                .body("data.amount_units", equalTo("USD"))
                .body("data.rewards", hasSize(1))
                .body("data.rewards[0].customer", equalTo("alice"))
                .body("data.rewards[0].amount", equalTo(10))
                .body("data.rewards[0].status", equalTo("ok"))
                .body("data.rewards[0].key", equalTo("rw_000001"));
        balanceOf("alice", "10");
    }

    @Test
    void rewardIsRoundedHalfUpToCents() {
        sale("bob", "odd", "0.25").then().statusCode(200).body("data.rewards[0].amount", equalTo(0.03f));
    }

    @Test
    void repeatedKeyIsNotDeduplicatedAndPaysTwice() {
        sale("bob", "invoice_1", "100").then().statusCode(200);
        sale("bob", "invoice_1", "100").then().statusCode(200);
        api().queryParam("key", "invoice_1").get("/transactions").then().statusCode(200).body("data", hasSize(2));
        balanceOf("alice", "20");
    }

    @Test
    void getReturnsNewestAndDeleteRemovesOldestReversingItsReward() {
        sale("bob", "invoice_1", "100").then().statusCode(200);
        sale("bob", "invoice_1", "50").then().statusCode(200);
        api().get("/transactions/invoice_1").then().statusCode(200).body("data.amount", equalTo(50));
        api().delete("/transactions/invoice_1").then().statusCode(200).body("status", equalTo(1));
        balanceOf("alice", "5");
        api().queryParam("key", "invoice_1").get("/transactions").then().body("data", hasSize(1))
                .body("data[0].amount", equalTo(50));
        api().body("{\"key\":\"invoice_1\"}").delete("/transactions").then().statusCode(200);
        balanceOf("alice", "0");
        api().get("/transactions/invoice_1").then().statusCode(404)
                .body("message", equalTo("Transaction not found."));
        api().delete("/transactions/invoice_1").then().statusCode(404);
        given().get("/sandbox/state").then().body("transactions", hasSize(2))
                .body("transactions[0].deleted_at", notNullValue())
                .body("transactions[0].reward.deleted_at", notNullValue());
    }

    @Test
    void archiveSwitchesTheRewardOffAndOn() {
        sale("bob", "invoice_1", "100").then().statusCode(200);
        api().post("/transactions/invoice_1/archive").then().statusCode(200).body("status", equalTo(1));
        balanceOf("alice", "0");
        api().post("/transactions/invoice_1/revoke-archive").then().statusCode(200);
        balanceOf("alice", "10");
        api().post("/transactions/ghost/archive").then().statusCode(404);
    }

    @Test
    void nonReferredBuyerIsAcceptedWithoutReward() {
        sale("alice", "own", "100").then().statusCode(200)
                .body("data.customer", nullValue()).body("data.rewards", hasSize(0));
    }

    @Test
    void badTransactionsAre422AndRecordNothing() {
        api().body("{\"customer\":{},\"amount\":\"ten\"}").post("/transactions").then().statusCode(422)
                .body("errors.'customer.key'", contains("The customer.key field is required."))
                .body("errors.amount", contains("The amount field must be a number."))
                .body("$", not(hasKey("status")));
        api().body("{\"customer\":{\"email\":\"ghost@example.com\"},\"amount\":1}").post("/transactions").then()
                .statusCode(422).body("errors.'customer.email'", contains("The selected customer.email is invalid."));
        api().body("{\"customer\":{\"key\":\"bob\"}}").post("/transactions").then().statusCode(422)
                .body("errors.amount", contains("The amount field is required."));
        given().get("/sandbox/state").then().body("transactions", hasSize(0));
    }

    @Test
    void missingKeyIsGeneratedAndActionDefaultsToSale() {
        api().body("{\"customer\":{\"key\":\"bob\"},\"amount\":\"20\"}").post("/transactions").then()
                .statusCode(200).body("data.key", equalTo("tx_000001")).body("data.action", equalTo("sale"))
                .body("data.rewards[0].amount", equalTo(2));
    }

    @Test
    void batchIsValidatedWholeAndAnswersADataArray() {
        api().body("{\"customer\":{\"key\":\"bob\"},\"transactions\":[{\"key\":\"a\",\"amount\":10},"
                + "{\"key\":\"b\",\"amount\":\"x\"}]}").post("/transactions").then().statusCode(422)
                .body("errors", hasKey("transactions.1.amount"));
        given().get("/sandbox/state").then().body("transactions", hasSize(0));
        api().body("{\"customer\":{\"key\":\"bob\"},\"transactions\":[{\"key\":\"a\",\"amount\":10,"
                + "\"action\":\"sale\"},{\"key\":\"b\",\"amount\":30,\"action\":\"sale\"}]}")
                .post("/transactions").then().statusCode(200)
                .body("data", hasSize(2)).body("data[1].key", equalTo("b")).body("status", equalTo(1));
        balanceOf("alice", "4");
    }

    @Test
    void listFiltersOnTheBuyersKey() {
        customer("carl", "alice");
        sale("bob", "b1", "10").then().statusCode(200);
        sale("carl", "c1", "10").then().statusCode(200);
        api().queryParam("customer.key", "carl").get("/transactions").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].key", equalTo("c1"));
    }

    @Test
    void statsCountTheLiveSalesOfReferrals() {
        sale("bob", "s1", "100").then().statusCode(200);
        sale("bob", "s2", "50").then().statusCode(200);
        api().delete("/transactions/s2").then().statusCode(200);
        api().get("/customers/alice/stats").then().statusCode(200)
                .body("data.clicks", equalTo(0))
                .body("data.referrals_count", equalTo(1))
                .body("data.purchases_count", equalTo(1))
                .body("data.revenue.amount", equalTo(100))
                .body("data.revenue.amount_units", equalTo("USD"))
                .body("data.rewards.amount", equalTo(10));
    }

    @Test
    void creditAddsToBalancePerUnitAndValidatesEachField() {
        api().body("{\"amount\":10,\"amount_units\":\"usd\",\"is_currency\":true}")
                .post("/customers/alice/balance/credit").then().statusCode(200)
                .body("data.customer.id", equalTo("alice"))
                .body("data.balance.currency[0].amount", equalTo(10));
        api().body("{\"amount\":3,\"amount_units\":\"points\",\"is_currency\":false}")
                .post("/customers/alice/balance/credit").then().statusCode(200);
        api().get("/customers/alice/balance").then().statusCode(200)
                .body("data.balance.currency", hasSize(2))
                .body("data.balance.currency[0].amount_units", equalTo("USD"))
                .body("data.balance.currency[1].amount_units", equalTo("POINTS"))
                .body("data.balance.currency[1].is_currency", equalTo(false))
                .body("data.balance.currency[1].amount", equalTo(3));
        api().body("{\"amount\":\"lots\",\"amount_units\":5,\"is_currency\":\"maybe\"}")
                .post("/customers/alice/balance/credit").then().statusCode(422)
                .body("errors", hasKey("amount")).body("errors", hasKey("amount_units"))
                .body("errors", hasKey("is_currency"));
        api().body("{\"amount\":1,\"amount_units\":\"usd\",\"is_currency\":true}")
                .post("/customers/ghost/balance/credit").then().statusCode(404);
    }

    @Test
    void emptyBalanceStillListsUsd() {
        api().get("/customers/bob/balance").then().statusCode(200)
                .body("data.balance.currency", hasSize(1))
                .body("data.balance.currency[0].amount", equalTo(0))
                .body("data.balance.currency[0].amount_units", equalTo("USD"))
                .body("data.balance.currency[0].is_currency", equalTo(true));
    }

    private static void balanceOf(String customer, String usd) {
        api().get("/customers/" + customer + "/balance").then().statusCode(200)
                .body("data.balance.currency[0].amount_units", equalTo("USD"))
                .body("data.balance.currency[0].amount.toString()", equalTo(usd));
    }
}
