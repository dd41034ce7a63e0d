package dev.referral.sidecar.delivery;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.partnero.NewTransaction;
import dev.referral.sidecar.referral.TransactionKey;
import dev.referral.sidecar.support.OutboxRows;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Purchases through the outbox with a stubbed Partnero: dedupe, conflicts, atomic batches, outages. */
@QuarkusTest
class PurchaseDeliveryTest extends StubbedPartneroTest {

    @Test
    void theSamePurchaseSentAHundredTimesConcurrentlyReachesPartneroOnce() throws Exception {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(key));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            answers.add(pool.submit(() -> purchase("buyer_1", key, "100.00").statusCode()));
        }
        Map<Integer, Integer> byStatus = new ConcurrentHashMap<>();
        for (Future<Integer> answer : answers) {
            byStatus.merge(answer.get(), 1, Integer::sum);
        }
        pool.shutdown();
        assertEquals(Map.of(201, 1, 200, 99), byStatus);
        verify(partnero, times(1)).createTransaction(withKey(key));
    }

    @Test
    void aRepeatWithTheSameAmountWrittenDifferentlyIsADuplicate() {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(key));
        purchase("buyer_2", key, "100").then().statusCode(201)
                .body("transactions[0].status", equalTo("delivered"));
        purchase("buyer_2", key, "100.00").then().statusCode(200)
                .body("transactions[0].status", equalTo("duplicate"));
        verify(partnero, times(1)).createTransaction(withKey(key));
    }

    @Test
    void theSameKeyWithOtherContentIsAConflictAndChangesNothing() {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(key));
        purchase("buyer_3", key, "100").then().statusCode(201);
        purchase("buyer_3", key, "90").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("/problems/key-reused"));
        verify(partnero, times(1)).createTransaction(withKey(key));
    }

    @Test
    void aBatchWithOneConflictingKeyStoresNothing() {
        String known = TestKeys.next("inv");
        String fresh = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(known));
        purchase("buyer_4", known, "50").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("customer_key", "buyer_4", "transactions", List.of(
                Map.of("key", fresh, "amount", 10), Map.of("key", known, "amount", 51))))
                .post("/purchase-hook").then().statusCode(409);
        assertEquals("ABSENT", rows.state("PURCHASE", fresh));
        verify(partnero, never()).createTransaction(withKey(fresh));
    }

    @Test
    void aBatchGoesUpstreamOneByOneInOrderWithPerKeyStatuses() {
        String first = TestKeys.next("inv");
        String second = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(first));
        given().contentType(ContentType.JSON).body(Map.of("customer_key", "buyer_5", "transactions", List.of(
                Map.of("key", first, "amount", 10), Map.of("key", second, "amount", 20.5))))
                .post("/purchase-hook").then().statusCode(201)
                .body("transactions.key", equalTo(List.of(first, second)))
                .body("transactions.status", equalTo(List.of("delivered", "delivered")));
        var inOrder = org.mockito.Mockito.inOrder(partnero);
        inOrder.verify(partnero).createTransaction(withKey(first));
        inOrder.verify(partnero).createTransaction(withKey(second));
    }

    @Test
    void duringAnOutagePurchasesAreQueuedThenDeliveredOnceWhenPartneroRecovers() {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(withKey(key))).thenReturn(Upstream.down(), Upstream.down(),
                Upstream.transaction(key));
        purchase("buyer_6", key, "30").then().statusCode(202).body("transactions[0].status", equalTo("queued"));
        await().atMost(15, SECONDS).until(() -> rows.state("PURCHASE", key).equals("DELIVERED"));
        verify(partnero, times(3)).createTransaction(withKey(key));
        verify(partnero, never()).transaction(any());
    }

    /**
     * The customer's second purchase is queued behind the first, which waits out an outage: it is parked (never read
     * by the dispatcher's pass) until the first is delivered, then unparked in the same commit and delivered next.
     */
    @Test
    void aPurchaseQueuedBehindItsCustomersRetriedPurchaseIsDeliveredRightAfterIt() {
        String first = TestKeys.next("inv");
        String second = TestKeys.next("inv");
        when(partnero.createTransaction(withKey(first))).thenReturn(Upstream.down(), Upstream.down(),
                Upstream.transaction(first));
        when(partnero.createTransaction(withKey(second))).thenReturn(Upstream.transaction(second));
        purchase("buyer_12", first, "30").then().statusCode(202);
        purchase("buyer_12", second, "31").then().statusCode(202).body("transactions[0].status", equalTo("queued"));
        assertEquals(1L, rows.parked("PURCHASE", second));
        await().atMost(15, SECONDS).until(() -> rows.state("PURCHASE", second).equals("DELIVERED"));
        var inOrder = org.mockito.Mockito.inOrder(partnero);
        inOrder.verify(partnero, times(3)).createTransaction(withKey(first));
        inOrder.verify(partnero).createTransaction(withKey(second));
    }

    @Test
    void afterAnUnknownOutcomeTheCheckFindsThePurchaseAndItIsNotSentAgain() {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(withKey(key))).thenReturn(Upstream.unknownOutcome());
        when(partnero.transaction(new TransactionKey(key)))
                .thenReturn(Upstream.transaction(key).map(java.util.Optional::of));
        purchase("buyer_7", key, "40").then().statusCode(202);
        await().atMost(15, SECONDS).until(() -> rows.state("PURCHASE", key).equals("DELIVERED"));
        verify(partnero, times(1)).createTransaction(withKey(key));
        verify(partnero, times(1)).transaction(new TransactionKey(key));
    }

    @Test
    void afterAnUnknownOutcomeThatDidNotArriveThePurchaseIsSentAgain() {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(withKey(key))).thenReturn(Upstream.unknownOutcome(),
                Upstream.transaction(key));
        when(partnero.transaction(new TransactionKey(key)))
                .thenReturn(io.smallrye.mutiny.Uni.createFrom().item(java.util.Optional.empty()));
        purchase("buyer_8", key, "40").then().statusCode(202);
        await().atMost(15, SECONDS).until(() -> rows.state("PURCHASE", key).equals("DELIVERED"));
        verify(partnero, times(2)).createTransaction(withKey(key));
    }

    @Test
    void aRejectedPurchaseIsA422WithTranslatedFieldsAndADeadLetter() {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(withKey(key)))
                .thenReturn(Upstream.rejected(422, "customer.key", "The selected customer.key is invalid."));
        purchase("buyer_9", key, "10").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/partnero-rejected"))
                .body("errors[0].field", equalTo("customer_key"));
        OutboxRows.Row row = rows.row("PURCHASE", key).orElseThrow();
        assertEquals("DEAD", row.state());
        assertEquals("rejected", row.deadReason());
        purchase("buyer_9", key, "10").then().statusCode(422)
                .body("type", equalTo("/problems/partnero-rejected"))
                .body("detail", containsString("dead letter"));
        verify(partnero, times(1)).createTransaction(withKey(key));
    }

    @Test
    void aCustomersLaterPurchaseWaitsBlockedBehindItsDeadLetter() {
        String dead = TestKeys.next("inv");
        String later = TestKeys.next("inv");
        when(partnero.createTransaction(withKey(dead))).thenReturn(Upstream.rejected(422, "amount", "bad amount"));
        when(partnero.createTransaction(withKey(later))).thenReturn(Upstream.transaction(later));
        purchase("buyer_10", dead, "10").then().statusCode(422);
        purchase("buyer_10", later, "11").then().statusCode(202);
        assertEquals("PENDING", rows.state("PURCHASE", later));
        verify(partnero, never()).createTransaction(withKey(later));
        purchase("buyer_11", TestKeys.next("inv"), "12").then().statusCode(201);
    }

    @Test
    void invalidPurchasesAreRejectedWithEveryBadFieldAndNothingIsStored() {
        given().contentType(ContentType.JSON)
                .body(Map.of("customer_key", "bad key", "transactions", List.of(
                        Map.of("key", "ok_1", "amount", -1), Map.of("key", "ok_1", "amount", 1.234))))
                .post("/purchase-hook").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("customer_key",
                        "transactions[0].amount", "transactions[1].amount", "transactions[1].key"));
        assertEquals(0, rows.count("1 = 1"));
        verify(partnero, never()).createTransaction(any());
    }

    @Test
    void aPurchaseIsSentWithItsActionAndAmountAsANumber() {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(key));
        purchase("buyer_12", key, "19.90").then().statusCode(201);
        verify(partnero).createTransaction(argThat(t -> t.key().equals(key) && t.action().equals("sale")
                && t.amount().compareTo(new java.math.BigDecimal("19.9")) == 0
                && t.customer().key().equals("buyer_12")));
        assertTrue(rows.row("PURCHASE", key).isPresent());
    }

    static NewTransaction withKey(String key) {
        return argThat(t -> t != null && key.equals(t.key()));
    }

    static io.restassured.response.Response purchase(String customer, String key, String amount) {
        return given().contentType(ContentType.JSON)
                .body("{\"customer_key\":\"" + customer + "\",\"key\":\"" + key + "\",\"amount\":" + amount + "}")
                .post("/purchase-hook");
    }
}
