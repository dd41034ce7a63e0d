package dev.referral.sidecar.delivery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.referral.sidecar.partnero.ReferralPage;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * A dashboard miss asks the store whether this sidecar holds a sign-up of the customer (to answer "pending", or to
 * retry by Partnero's id). "None" is remembered, so the next miss of that customer needs no store read and no worker
 * thread: its four reads start on the event loop. A sign-up accepted later is seen at once.
 */
@QuarkusTest
class DashboardSignupLookupTest extends StubbedPartneroTest {

    @Inject
    SignupRecords signups;

    @Inject
    dev.referral.sidecar.outbox.Store store;

    @Test
    void noSignupIsRememberedAfterOneStoreRead() {
        CustomerKey key = new CustomerKey(TestKeys.next("nosign"));
        assertEquals(Optional.empty(), signups.known(key), "unknown before the first read");
        assertEquals(Optional.empty(), signups.find(key));
        assertEquals(Optional.of(Optional.empty()), signups.known(key), "remembered: no store read needed");
    }

    @Test
    void aDashboardMissReadsPartneroFromTheEventLoopEvenWhenItReadTheStoreFirst() {
        String key = TestKeys.next("evloop");
        List<String> threads = new CopyOnWriteArrayList<>();
        stubReads(key, threads);
        given().get("/referrals/" + key).then().statusCode(200);
        given().get("/referrals/" + key + "?page=2").then().statusCode(200);
        assertEquals(2, threads.size(), "one customer read per miss: " + threads);
        assertTrue(threads.stream().allMatch(t -> t.startsWith("vert.x-eventloop-thread-")),
                "Partnero was read from " + threads);
    }

    @Test
    void aSignupAcceptedAfterADashboardMissIsPendingAtOnce() {
        String key = TestKeys.next("later");
        when(partnero.customer(any())).thenReturn(Upstream.rejected(404, "customer", "not found"));
        when(partnero.stats(any())).thenReturn(Upstream.rejected(404, "customer", "not found"));
        when(partnero.balance(any())).thenReturn(Upstream.rejected(404, "customer", "not found"));
        when(partnero.referrals(any(), anyInt(), anyInt())).thenReturn(Upstream.rejected(404, "customer", "not found"));
        given().get("/referrals/" + key).then().statusCode(404);
        given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                .body(Map.of("key", key, "email", "later@example.com"))
                .post("/signup-hook").then().statusCode(202);
        given().get("/referrals/" + key).then().statusCode(200).body("pending", equalTo(true));
    }

    /**
     * A look-up that runs while a sign-up of the same customer is being committed sees no row yet; it must not be
     * remembered as "no sign-up", or the dashboard would miss the pending sign-up for the whole memory's lifetime.
     */
    @Test
    void aLookupDuringTheSignupsCommitIsNotRemembered() throws Exception {
        String key = TestKeys.next("racing");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        // The writer is held inside a group, so the sign-up's acceptance waits, queued, until released.
        java.util.concurrent.CompletableFuture<Boolean> held = store.writeAsync(c -> {
            holding.countDown();
            try {
                return release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        assertTrue(holding.await(10, java.util.concurrent.TimeUnit.SECONDS));
        java.util.concurrent.CompletableFuture<Integer> signup = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                        .body(Map.of("key", key, "email", "racing@example.com"))
                        .post("/signup-hook").statusCode());
        org.awaitility.Awaitility.await().atMost(5, java.util.concurrent.TimeUnit.SECONDS)
                .until(() -> store.queued() > 0);
        assertEquals(Optional.empty(), signups.find(new CustomerKey(key)), "not committed yet");
        release.countDown();
        held.join();
        assertEquals(202, signup.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(Optional.empty(), signups.known(new CustomerKey(key)).filter(Optional::isEmpty),
                "\"no sign-up\" must not be remembered");
        given().get("/referrals/" + key).then().statusCode(200).body("pending", equalTo(true));
    }

    /** Telling the dashboards a purchase was delivered needs no store read either, once "no sign-up" is known. */
    @Test
    void aDeliveredPurchaseOfACustomerWithoutSignupIsAnnouncedWithoutAWorkerThread() {
        String customer = TestKeys.next("buyer");
        String invoice = TestKeys.next("inv");
        signups.find(new CustomerKey(customer));
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(invoice));
        ANNOUNCED_ON.clear();
        given().contentType(ContentType.JSON).body(Map.of("customer_key", customer, "key", invoice, "amount", 10))
                .post("/purchase-hook").then().statusCode(201);
        org.awaitility.Awaitility.await().atMost(5, java.util.concurrent.TimeUnit.SECONDS)
                .until(() -> ANNOUNCED_ON.stream().anyMatch(a -> a.startsWith(customer + "@")));
        String announced = ANNOUNCED_ON.stream().filter(a -> a.startsWith(customer + "@")).findFirst().orElseThrow();
        assertTrue(announced.contains("@vert.x-eventloop-thread-"), "announced on " + announced);
    }

    static final List<String> ANNOUNCED_ON = new CopyOnWriteArrayList<>();

    /** Records where each delivery was announced (test-only observer). */
    @jakarta.enterprise.context.ApplicationScoped
    static class AnnouncedThread {

        void on(@jakarta.enterprise.event.Observes Delivered delivered) {
            ANNOUNCED_ON.add(delivered.customer().value() + "@" + Thread.currentThread().getName());
        }
    }

    private void stubReads(String key, List<String> threads) {
        when(partnero.customer(any())).thenAnswer(call -> {
            threads.add(Thread.currentThread().getName());
            return Upstream.customer(key, null);
        });
        when(partnero.stats(any())).thenReturn(Uni.createFrom().item(JsonNodeFactory.instance.objectNode()));
        when(partnero.balance(any())).thenReturn(Uni.createFrom().item(JsonNodeFactory.instance.objectNode()));
        when(partnero.referrals(any(), anyInt(), anyInt())).thenReturn(Uni.createFrom().item(new ReferralPage(
                List.of(), JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode())));
    }
}
