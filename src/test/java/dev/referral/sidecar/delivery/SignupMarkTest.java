package dev.referral.sidecar.delivery;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.outbox.CustomerRecords;
import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.support.HeldWriter;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * A delivered sign-up is answered without waiting for the commit of its delivered mark and customer record: the
 * record is in memory at once, and the next write of that customer is accepted after the mark (same writer).
 */
@QuarkusTest
class SignupMarkTest extends StubbedPartneroTest {

    @Inject
    Store store;

    @Inject
    CustomerRecords customers;

    @Inject
    Delivery delivery;

    @Test
    void theAnswerDoesNotWaitForTheRecordsCommitAndTheDashboardDoesNotNeedIt() throws Exception {
        String key = TestKeys.next("mark");
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<?>[] held = new CompletableFuture<?>[1];
        when(partnero.createCustomer(any())).thenAnswer(call -> {
            // The accept is committed by now: hold the writer, so the delivered mark waits behind this.
            held[0] = HeldWriter.hold(store, release, 30);
            return Upstream.customer(key, null);
        });
        try {
            given().contentType(ContentType.JSON).body(Map.of("key", key)).post("/signup-hook").then()
                    .statusCode(201).body("status", equalTo("delivered"))
                    .body("referral_link", equalTo("http://localhost:3000/?ref=" + key));
            assertEquals("PENDING", rows.state("SIGNUP", key), "the mark is not committed yet");
            assertTrue(customers.cached(new CustomerKey(key)).isPresent());
            Optional<Optional<SignupRecord>> known = delivery.knownSignupRecord(new CustomerKey(key));
            assertTrue(known.isPresent() && known.get().isPresent() && !known.get().get().pending(),
                    "the dashboard sees a created customer, not a pending sign-up: " + known);
        } finally {
            release.countDown();
        }
        held[0].get(10, SECONDS);
        await().atMost(10, SECONDS).until(() -> rows.state("SIGNUP", key).equals("DELIVERED"));
        given().contentType(ContentType.JSON).body(Map.of("key", key)).post("/signup-hook").then().statusCode(200)
                .body("referral_link", equalTo("http://localhost:3000/?ref=" + key));
        verify(partnero, times(1)).createCustomer(any());
    }
}
