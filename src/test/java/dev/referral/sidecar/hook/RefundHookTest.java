package dev.referral.sidecar.hook;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.partnero.PartneroRejected;
import dev.referral.sidecar.referral.TransactionKey;
import dev.referral.sidecar.support.ManagementPort;
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

    /**
     * The first refund's DELETE is still out when its repeat arrives. The 404 that follows drops the row; the repeat
     * must be told what the first caller was, not a 202 "queued" about a refund that will never be sent.
     */
    @Test
    void aRepeatWhileTheFirstAttemptIsOutIsToldWhatTheFirstCallerWas() throws Exception {
        String key = TestKeys.next("inv");
        CompletableFuture<Void> answer = heldDelete(key);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = firstRefundOut(key, callers);
            Future<Integer> repeat = callers.submit(() -> refund(key).statusCode());
            // Both hooks waiting: the repeat, accepted as a duplicate of the pending row, waits for the first
            // attempt's outcome. (Answered "queued" at once, as before, it is done instead.)
            await().atMost(10, SECONDS).until(() -> repeat.isDone() || activeRequests() >= 2);
            answer.completeExceptionally(NOT_FOUND);
            // Within the 2 s hook deadline both are told 404 and the refund is gone. On a machine slow enough for the
            // deadline to pass first, both are told "queued" and the refund stays, as a dead letter.
            int told = first.get(10, SECONDS);
            assertEquals(told, repeat.get(10, SECONDS));
            if (told == 404) {
                assertEquals("ABSENT", rows.state("REFUND", key));
            } else {
                assertEquals(202, told);
                await().atMost(10, SECONDS).until(() -> "DEAD".equals(rows.state("REFUND", key)));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /**
     * Partnero's 404 comes after the hook's deadline, when the caller has been told "queued": the refund must not
     * vanish then. It stays as a dead letter an operator sees, as a refund the dispatcher finds unknown does.
     */
    @Test
    void aRefundToldQueuedIsNeverDroppedSilentlyWhenPartneroThenAnswers404() {
        String key = TestKeys.next("inv");
        CompletableFuture<Void> answer = heldDelete(key);
        refund(key).then().statusCode(202).body("status", equalTo("queued"));
        answer.completeExceptionally(NOT_FOUND);
        await().atMost(10, SECONDS).until(() -> "DEAD".equals(rows.state("REFUND", key)));
        assertEquals("rejected", rows.row("REFUND", key).orElseThrow().deadReason());
    }

    /**
     * A repeat with {@code Prefer: respond-async} while the first refund's DELETE is out: it does not wait for that
     * attempt, and is told "queued". That promise holds: Partnero's 404 then keeps the refund as a dead letter, and the
     * first caller, who waited, is told "queued" too rather than 404 about a row that stays.
     */
    @Test
    void aRespondAsyncRepeatIsAnsweredAtOnceAndItsQueuedRefundIsKept() throws Exception {
        String key = TestKeys.next("inv");
        CompletableFuture<Void> answer = heldDelete(key);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = firstRefundOut(key, callers);
            Future<io.restassured.response.Response> repeat = callers.submit(() -> given()
                    .contentType(ContentType.JSON).header("Prefer", "respond-async").body(Map.of("key", key))
                    .post("/refund-hook"));
            // Answered at once; a repeat that waited for the first attempt would still be in the server here.
            await().atMost(10, SECONDS).until(() -> repeat.isDone() || activeRequests() >= 2);
            answer.completeExceptionally(NOT_FOUND);
            repeat.get(10, SECONDS).then().statusCode(202).header("Preference-Applied", "respond-async")
                    .body("status", equalTo("queued"));
            assertEquals(202, first.get(10, SECONDS));
            await().atMost(10, SECONDS).until(() -> "DEAD".equals(rows.state("REFUND", key)));
            verify(partnero, times(1)).deleteTransaction(new TransactionKey(key));
        } finally {
            callers.shutdownNow();
        }
    }

    /** Partnero's 404 to a DELETE: it never had the transaction. */
    private static final PartneroRejected NOT_FOUND = new PartneroRejected(404, "Transaction not found.", Map.of());

    /** Partnero's answer to the DELETE of {@code key}, held until the test completes it. */
    private CompletableFuture<Void> heldDelete(String key) {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        when(partnero.deleteTransaction(new TransactionKey(key))).thenReturn(Uni.createFrom().completionStage(answer));
        return answer;
    }

    /** The first refund of {@code key}, sent from {@code callers}; returns once its DELETE is out. */
    private Future<Integer> firstRefundOut(String key, ExecutorService callers) {
        Future<Integer> first = callers.submit(() -> refund(key).statusCode());
        verify(partnero, timeout(10_000)).deleteTransaction(new TransactionKey(key));
        return first;
    }

    /** Requests the application's port is serving right now (the management port's scrape is not counted). */
    private static double activeRequests() {
        String metrics = given().port(ManagementPort.get()).get("/q/metrics").asString();
        return metrics.lines().filter(l -> l.startsWith("http_server_active_requests{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
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
