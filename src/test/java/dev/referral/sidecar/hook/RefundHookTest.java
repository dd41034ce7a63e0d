package dev.referral.sidecar.hook;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.referral.TransactionKey;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** {@code /refund-hook}: cancel what never left, reverse what did, once. */
@QuarkusTest
class RefundHookTest extends StubbedPartneroTest {



    @Test
    void aDeliveredPurchaseIsRefundedUpstreamOnceAndARepeatIsADuplicate() {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(key));
        when(partnero.deleteTransaction(new TransactionKey(key))).thenReturn(Uni.createFrom().voidItem());
        purchase(key).then().statusCode(201);
        refund(key).then().statusCode(200).body("status", equalTo("refunded"));
        refund(key).then().statusCode(200).body("status", equalTo("duplicate"));
        verify(partnero, times(1)).deleteTransaction(new TransactionKey(key));
    }

    @Test
    void aPurchaseStillQueuedIsCancelledAndNeverSent() {
        String key = TestKeys.next("inv");
        // A 429 pauses writes for its Retry-After: the purchase waits unclaimed (a 503 would be retried within
        // 100 ms here, and a refund arriving during that retry rightly queues behind it instead).
        when(partnero.createTransaction(any())).thenReturn(Upstream.throttled(5));
        purchase(key).then().statusCode(202);
        assertEquals("PENDING", rows.state("PURCHASE", key));
        refund(key).then().statusCode(200).body("status", equalTo("cancelled"));
        assertEquals("CANCELLED", rows.state("PURCHASE", key));
        refund(key).then().statusCode(200).body("status", equalTo("cancelled"));
        verify(partnero, never()).deleteTransaction(any());
    }

    @Test
    void aPurchasePartneroRejectedIsCancelledByItsRefundNotQueuedBehindIt() {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.rejected(422, "amount", "bad amount"));
        purchase(key).then().statusCode(422);
        purchase(key).then().statusCode(422).body("type", equalTo("/problems/partnero-rejected"));
        refund(key).then().statusCode(200).body("status", equalTo("cancelled"));
        assertEquals("CANCELLED", rows.state("PURCHASE", key));
        verify(partnero, never()).deleteTransaction(any());
    }

    @Test
    void aTransactionUnknownToBothIs404AndNothingIsStored() {
        String key = TestKeys.next("inv");
        when(partnero.deleteTransaction(new TransactionKey(key)))
                .thenReturn(Upstream.rejected(404, "key", "Transaction not found."));
        refund(key).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
        assertEquals("ABSENT", rows.state("REFUND", key));
    }

    @Test
    void aTransactionOnlyPartneroKnowsIsRefundedToo() {
        String key = TestKeys.next("inv");
        when(partnero.deleteTransaction(new TransactionKey(key))).thenReturn(Uni.createFrom().voidItem());
        refund(key).then().statusCode(200).body("status", equalTo("refunded"));
    }

    @Test
    void aRefundWhoseFirstAnswerWasLostCountsA404AsDone() {
        String key = TestKeys.next("inv");
        when(partnero.deleteTransaction(new TransactionKey(key))).thenReturn(Upstream.unknownOutcome(),
                Upstream.rejected(404, "key", "Transaction not found."));
        refund(key).then().statusCode(202).body("status", equalTo("queued"));
        await().atMost(10, SECONDS).until(() -> rows.state("REFUND", key).equals("DELIVERED"));
        verify(partnero, times(2)).deleteTransaction(new TransactionKey(key));
    }

    @Test
    void aRefundOfAPurchaseWhoseAnswerWasLostAndThatNeverArrivedCancelsBothAndSendsNothing() {
        String key = TestKeys.next("inv");
        AtomicBoolean recovered = new AtomicBoolean();
        when(partnero.createTransaction(any())).thenReturn(Upstream.unknownOutcome(), Upstream.transaction(key));
        when(partnero.transaction(new TransactionKey(key))).thenAnswer(call -> recovered.get()
                ? Uni.createFrom().item(Optional.empty()) : Upstream.down());
        purchase(key).then().statusCode(202);
        refund(key).then().statusCode(202).body("status", equalTo("queued"));

        recovered.set(true);

        await().atMost(15, SECONDS).until(() -> rows.state("PURCHASE", key).equals("CANCELLED"));
        assertEquals("CANCELLED", rows.state("REFUND", key));
        refund(key).then().statusCode(200).body("status", equalTo("cancelled"));
        verify(partnero, times(1)).createTransaction(any());
        verify(partnero, never()).deleteTransaction(any());
    }

    @Test
    void aRefundOfAPurchaseWhoseAnswerWasLostButThatArrivedSendsExactlyOneDelete() {
        String key = TestKeys.next("inv");
        AtomicBoolean recovered = new AtomicBoolean();
        when(partnero.createTransaction(any())).thenReturn(Upstream.unknownOutcome());
        when(partnero.transaction(new TransactionKey(key))).thenAnswer(call -> recovered.get()
                ? Upstream.transaction(key).map(Optional::of) : Upstream.down());
        when(partnero.deleteTransaction(new TransactionKey(key))).thenReturn(Uni.createFrom().voidItem());
        purchase(key).then().statusCode(202);
        refund(key).then().statusCode(202).body("status", equalTo("queued"));

        recovered.set(true);

        await().atMost(15, SECONDS).until(() -> rows.state("REFUND", key).equals("DELIVERED"));
        assertEquals("DELIVERED", rows.state("PURCHASE", key));
        verify(partnero, times(1)).createTransaction(any());
        verify(partnero, times(1)).deleteTransaction(new TransactionKey(key));
    }

    @Test
    void aBadKeyIs400() {
        given().contentType(ContentType.JSON).body(Map.of("key", "../x")).post("/refund-hook").then()
                .statusCode(400).body("errors[0].field", equalTo("key"));
    }

    private static io.restassured.response.Response purchase(String key) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("customer_key", "refund_buyer", "key", key, "amount", 100)).post("/purchase-hook");
    }

    private static io.restassured.response.Response refund(String key) {
        return given().contentType(ContentType.JSON).body(Map.of("key", key)).post("/refund-hook");
    }
}
