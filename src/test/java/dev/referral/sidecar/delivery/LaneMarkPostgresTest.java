package dev.referral.sidecar.delivery;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.hamcrest.Matchers.equalTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.referral.sidecar.config.StoreConfig;
import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.support.HeldWriter;
import dev.referral.sidecar.support.Postgres;
import dev.referral.sidecar.support.PostgresProfile;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * PostgreSQL has several writers, each customer's acceptances on one of them. A delivered mark goes to that same
 * writer, so the customer's next write, sent after the answer, is accepted after the mark and heads its lane: it is
 * attempted at once, not queued behind a row that is in fact delivered. The first writer (the one for writes without
 * a lane) is held throughout: a mark sent there would not be committed before the next accept.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@ExtendWith(Postgres.class)
class LaneMarkPostgresTest extends StubbedPartneroTest {

    @Inject
    Store store;

    @Inject
    StoreConfig config;

    @Test
    void aCustomersNextWriteAfterADeliveredAnswerIsAttemptedAtOnce() throws Exception {
        String customer = customerOffTheFirstWriter();
        String first = TestKeys.next("inv");
        String second = TestKeys.next("inv");
        when(partnero.createCustomer(any())).thenReturn(Upstream.customer(customer, null));
        when(partnero.createTransaction(any())).thenAnswer(call -> Upstream.transaction("any"));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> held = HeldWriter.hold(store, release, 30);
        try {
            given().contentType(ContentType.JSON).body(Map.of("key", customer)).post("/signup-hook").then()
                    .statusCode(201);
            for (String invoice : new String[] {first, second}) {
                given().contentType(ContentType.JSON)
                        .body(Map.of("customer_key", customer, "key", invoice, "amount", 10))
                        .post("/purchase-hook").then().statusCode(201)
                        .body("transactions[0].status", equalTo("delivered"));
            }
        } finally {
            release.countDown();
        }
        held.get(10, SECONDS);
    }

    /** A customer key whose acceptances go to another writer than the first. */
    private String customerOffTheFirstWriter() {
        String key;
        do {
            key = TestKeys.next("lanemark");
        } while (Math.floorMod(key.hashCode(), config.writers().orElseThrow()) == 0);
        return key;
    }
}
