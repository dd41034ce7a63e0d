package dev.referral.sidecar.delivery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The immediate attempt of a hook holds no thread while Partnero answers: the call to Partnero starts on the event
 * loop that took the request, after the accepting commit, not on a worker thread blocked until Partnero answers (one
 * worker per call in flight) and not on the store's writer thread (which has every other commit to make).
 */
@QuarkusTest
class ImmediateAttemptThreadTest extends StubbedPartneroTest {

    @Test
    void aPurchaseIsSentFromTheEventLoop() {
        String key = TestKeys.next("inv");
        List<String> threads = new CopyOnWriteArrayList<>();
        when(partnero.createTransaction(any())).thenAnswer(call -> {
            threads.add(Thread.currentThread().getName());
            return Upstream.transaction(key);
        });
        given().contentType(ContentType.JSON)
                .body(Map.of("customer_key", TestKeys.next("buyer"), "key", key, "amount", 10))
                .post("/purchase-hook").then().statusCode(201)
                .body("transactions[0].status", equalTo("delivered"));
        assertOnEventLoop(threads);
    }

    @Test
    void aSignupIsSentFromTheEventLoop() {
        String key = TestKeys.next("dora");
        List<String> threads = new CopyOnWriteArrayList<>();
        when(partnero.createCustomer(any())).thenAnswer(call -> {
            threads.add(Thread.currentThread().getName());
            return Upstream.customer(key, null);
        });
        given().contentType(ContentType.JSON).body(Map.of("key", key, "email", "dora@example.com"))
                .post("/signup-hook").then().statusCode(201).body("status", equalTo("delivered"));
        assertOnEventLoop(threads);
    }

    /** The whole sign-up (body, accept, attempt, answer) is handled on the event loop: no worker thread per call. */
    @Test
    void aSignupHoldsNoWorkerThread() {
        String key = TestKeys.next("ella");
        when(partnero.createCustomer(any())).thenReturn(Upstream.customer(key, null));
        ANSWERED_ON.clear();
        given().contentType(ContentType.JSON).header(RECORD, "yes").body(Map.of("key", key, "email", "e@example.com"))
                .post("/signup-hook").then().statusCode(201).body("status", equalTo("delivered"));
        assertOnEventLoop(ANSWERED_ON);
    }

    static final String RECORD = "X-Test-Record-Thread";
    static final List<String> ANSWERED_ON = new CopyOnWriteArrayList<>();

    /** Records which thread answers a request that asks for it (test-only filter). */
    static class AnsweringThread {

        @org.jboss.resteasy.reactive.server.ServerResponseFilter
        void record(jakarta.ws.rs.container.ContainerRequestContext request) {
            if (request.getHeaderString(RECORD) != null) {
                ANSWERED_ON.add(Thread.currentThread().getName());
            }
        }
    }

    private static void assertOnEventLoop(List<String> threads) {
        assertTrue(threads.size() == 1 && threads.get(0).startsWith("vert.x-eventloop-thread-"),
                "ran on " + threads);
    }
}
