package dev.referral.sidecar.delivery;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.referral.sidecar.partnero.PartneroRejected;
import dev.referral.sidecar.partnero.Transaction;
import dev.referral.sidecar.referral.TransactionKey;
import dev.referral.sidecar.support.OutboxRows;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * {@code Prefer: respond-async}: answered 202 "queued" right after the commit, and then attempted at once in the
 * background (no dispatcher pass needed), at most {@code sidecar.hook.async-attempts} writes at a time; beyond that
 * the write is accepted unclaimed and left to the dispatcher. Here the bound is one and the scheduled dispatcher is
 * paused, so whatever reaches Partnero was sent by a background attempt.
 */
@QuarkusTest
@TestProfile(BackgroundAttemptsTest.OneAtATime.class)
class BackgroundAttemptsTest extends StubbedPartneroTest {

    /** One background attempt at a time. */
    public static final class OneAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sidecar.hook.async-attempts", "1");
        }
    }

    /** Partnero's 404 to a DELETE: it never had the transaction. */
    private static final PartneroRejected NOT_FOUND = new PartneroRejected(404, "Transaction not found.", Map.of());

    @Inject
    Scheduler scheduler;

    @Inject
    Dispatcher passes;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void noScheduledPasses() {
        scheduler.pause(Dispatcher.IDENTITY);
    }

    @AfterEach
    void scheduledPassesAgain() {
        scheduler.resume(Dispatcher.IDENTITY);
    }

    @Test
    void aRespondAsyncPurchaseIsAnsweredBeforePartneroAnswersThenDeliveredOnceWithoutTheDispatcher() {
        String key = TestKeys.next("inv");
        CompletableFuture<Transaction> upstream = new CompletableFuture<>();
        when(partnero.createTransaction(any())).thenReturn(Uni.createFrom().completionStage(upstream));

        purchase(key).then().statusCode(202).header("Preference-Applied", "respond-async")
                .body("transactions[0].status", equalTo("queued"));
        // Partnero is asked, by the background attempt (no pass runs), and has not answered.
        verify(partnero, timeout(5_000)).createTransaction(any());
        assertEquals("PENDING", rows.state("PURCHASE", key));

        upstream.complete(Upstream.transaction(key).await().indefinitely());
        await().atMost(10, SECONDS).until(() -> "DELIVERED".equals(rows.state("PURCHASE", key)));
        verify(partnero, times(1)).createTransaction(any());
    }

    @Test
    void beyondTheBoundAWriteIsLeftUnclaimedToTheDispatcher() {
        String first = TestKeys.next("inv");
        String second = TestKeys.next("inv");
        CompletableFuture<Transaction> upstream = new CompletableFuture<>();
        when(partnero.createTransaction(any())).thenReturn(Uni.createFrom().completionStage(upstream),
                Upstream.transaction(second));

        purchase(first).then().statusCode(202);
        verify(partnero, timeout(5_000)).createTransaction(any());
        assertTrue(rows.row("PURCHASE", first).orElseThrow().maybeSent(), "claimed and marked in its accepting commit");
        // The one background attempt is busy with the first: the second is stored as queued, never marked sent.
        purchase(second).then().statusCode(202).body("transactions[0].status", equalTo("queued"));
        assertFalse(rows.row("PURCHASE", second).orElseThrow().maybeSent(), "left to the dispatcher");

        upstream.complete(Upstream.transaction(first).await().indefinitely());
        await().atMost(10, SECONDS).until(() -> "DELIVERED".equals(rows.state("PURCHASE", first)));
        assertEquals("PENDING", rows.state("PURCHASE", second));
        passes.dispatch();
        assertEquals("DELIVERED", rows.state("PURCHASE", second));
        verify(partnero, times(2)).createTransaction(any());
    }

    /**
     * A background attempt this sidecar's own bulkhead turned away never reached Partnero, and says nothing about
     * Partnero: the row is due again at once, with no strike and not taken as maybe sent, nothing counts as waiting
     * for an unavailable Partnero, and the next pass delivers it.
     */
    @Test
    void aWriteTheBulkheadTurnedAwayIsDueAgainAtOnceWithNoStrikeAndNoOutage() throws InterruptedException {
        String key = TestKeys.next("inv");
        double busy = attempts("busy");
        when(partnero.createTransaction(any())).thenReturn(Upstream.busy(), Upstream.transaction(key));

        purchase(key).then().statusCode(202).body("transactions[0].status", equalTo("queued"));
        await().atMost(10, SECONDS).until(() -> attempts("busy") == busy + 1
                && rows.count("dedupe_key = '" + key + "' AND claimed_by IS NULL") == 1);
        OutboxRows.Row row = rows.row("PURCHASE", key).orElseThrow();
        assertEquals("PENDING", row.state());
        assertEquals(0, row.attempts(), "no strike");
        assertFalse(row.maybeSent(), "surely not sent: no look-up upstream before the next attempt");
        Thread.sleep(100);
        assertEquals(0.0, registry.get("sidecar.delivery.waiting").gauge().value(), "no outage to wait for");

        passes.dispatch();
        assertEquals("DELIVERED", rows.state("PURCHASE", key), "due at once, not after a backoff");
        verify(partnero, times(2)).createTransaction(any());
        verify(partnero, never()).transaction(any());
    }

    /**
     * The caller of a background refund was told "queued" before the DELETE went out: Partnero's 404 then keeps the
     * refund as a dead letter for an operator, where a waiting caller would have been told 404 and the row dropped.
     */
    @Test
    void aBackgroundRefundPartneroNeverHadIsKeptAsADeadLetter() {
        String key = TestKeys.next("inv");
        CompletableFuture<Void> upstream = new CompletableFuture<>();
        when(partnero.deleteTransaction(new TransactionKey(key))).thenReturn(Uni.createFrom().completionStage(upstream));

        given().contentType(ContentType.JSON).header("Prefer", "respond-async").body(Map.of("key", key))
                .post("/refund-hook")
                .then().statusCode(202).body("status", equalTo("queued"));
        verify(partnero, timeout(5_000)).deleteTransaction(new TransactionKey(key));
        upstream.completeExceptionally(NOT_FOUND);

        await().atMost(10, SECONDS).until(() -> "DEAD".equals(rows.state("REFUND", key)));
        assertEquals("rejected", rows.row("REFUND", key).orElseThrow().deadReason());
    }

    private double attempts(String outcome) {
        var counter = registry.find("sidecar.delivery.attempts").tag("operation", "purchase").tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static Response purchase(String key) {
        return given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                .body("{\"customer_key\":\"" + TestKeys.next("buyer") + "\",\"key\":\"" + key + "\",\"amount\":10}")
                .post("/purchase-hook");
    }
}
