package dev.referral.sidecar.delivery;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;

/** {@code GET /admin/outbox}: counts per state, the newest rows without personal data, and the write pause. */
@QuarkusTest
class OutboxViewTest extends StubbedPartneroTest {

    @Test
    void showsDeliveredDeadAndBlockedRowsWithTheReasonAndNoPayload() {
        String delivered = TestKeys.next("inv");
        String dead = TestKeys.next("inv");
        String behind = TestKeys.next("inv");
        when(partnero.createTransaction(PurchaseDeliveryTest.withKey(delivered)))
                .thenReturn(Upstream.transaction(delivered));
        when(partnero.createTransaction(PurchaseDeliveryTest.withKey(dead)))
                .thenReturn(Upstream.rejected(422, "amount", "bad"));
        PurchaseDeliveryTest.purchase("view_other", delivered, "3").then().statusCode(201);
        PurchaseDeliveryTest.purchase("view_buyer", dead, "1").then().statusCode(422);
        PurchaseDeliveryTest.purchase("view_buyer", behind, "2").then().statusCode(202);

        given().get("/admin/outbox").then().statusCode(200)
                .body("counts.delivered", equalTo(1)).body("counts.dead", equalTo(1))
                .body("counts.blocked", equalTo(1)).body("counts.pending", equalTo(0))
                .body("pause.paused", equalTo(false))
                .body("recent.key", hasItems(delivered, dead, behind))
                .body("recent.find { it.key == '" + dead + "' }.state", equalTo("dead"))
                .body("recent.find { it.key == '" + dead + "' }.reason", notNullValue())
                .body("recent.find { it.key == '" + behind + "' }.state", equalTo("blocked"))
                .body("recent.find { it.key == '" + behind + "' }.customer_key", equalTo("view_buyer"))
                .body("recent.find { it.key == '" + delivered + "' }.operation", equalTo("purchase"))
                .body("recent[0]", not(org.hamcrest.Matchers.hasKey("payload")));
        given().queryParam("limit", 1).get("/admin/outbox").then().statusCode(200).body("recent.size()", equalTo(1))
                .body("recent[0].key", equalTo(behind));
        given().queryParam("limit", 0).get("/admin/outbox").then().statusCode(400);
    }

    @Test
    void showsTheWritePauseAfterA429() {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.throttled(1), Upstream.transaction(key));
        PurchaseDeliveryTest.purchase("view_throttled", key, "4").then().statusCode(202);
        given().get("/admin/outbox").then().statusCode(200).body("pause.paused", equalTo(true))
                .body("pause.until", notNullValue()).body("counts.pending", equalTo(1));
        await().atMost(10, SECONDS).until(() -> rows.state("PURCHASE", key).equals("DELIVERED"));
        given().get("/admin/outbox").then().body("pause.paused", equalTo(false)).body("counts.delivered", equalTo(1));
    }
}
