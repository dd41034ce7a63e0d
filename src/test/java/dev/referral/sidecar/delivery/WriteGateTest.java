package dev.referral.sidecar.delivery;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.referral.sidecar.partnero.PartneroUnauthorized;
import dev.referral.sidecar.support.ManagementPort;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** One gate for all writes: 429 with Retry-After, and a refused API key. */
@QuarkusTest
class WriteGateTest extends StubbedPartneroTest {


    @Inject
    WriteGate gate;

    private final List<Long> calls = new CopyOnWriteArrayList<>();


    @AfterEach
    void gateOpensAgain() {
        await().atMost(10, SECONDS).until(gate::open);
    }

    @Test
    void a429WithRetryAfterPausesEveryCustomersWritesForThatLong() {
        String first = TestKeys.next("inv");
        String other = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenAnswer(invocation -> {
            calls.add(System.nanoTime());
            return calls.size() == 1 ? Upstream.throttled(2) : Upstream.transaction("x");
        });
        long start = System.nanoTime();
        PurchaseDeliveryTest.purchase("gate_buyer_a", first, "1").then().statusCode(202);
        PurchaseDeliveryTest.purchase("gate_buyer_b", other, "2").then().statusCode(202);
        await().atMost(15, SECONDS).until(() -> rows.state("PURCHASE", first).equals("DELIVERED")
                && rows.state("PURCHASE", other).equals("DELIVERED"));
        assertEquals(3, calls.size(), "one throttled call, then one per purchase");
        for (long call : calls.subList(1, 3)) {
            assertTrue(call - calls.get(0) >= 1_950_000_000L,
                    "no write sooner than Retry-After: " + (call - calls.get(0)) / 1_000_000 + " ms");
        }
        assertEquals(0, rows.row("PURCHASE", first).orElseThrow().attempts(), "a 429 is not a failed attempt");
        assertTrue(System.nanoTime() - start >= 2_000_000_000L);
    }

    @Test
    void aRefusedApiKeyPausesWritesWithoutCountingAttemptsAndRaisesAMetric() {
        String key = TestKeys.next("inv");
        java.util.concurrent.atomic.AtomicBoolean keyFixed = new java.util.concurrent.atomic.AtomicBoolean();
        when(partnero.createTransaction(any())).thenAnswer(call -> keyFixed.get() ? Upstream.transaction(key)
                : Uni.createFrom().failure(new PartneroUnauthorized(401)));
        PurchaseDeliveryTest.purchase("gate_buyer_c", key, "3").then().statusCode(202);
        assertEquals(0, rows.row("PURCHASE", key).orElseThrow().attempts());
        given().port(ManagementPort.get()).get("/q/metrics").then()
                .body(containsString("sidecar_partnero_key_refused 1.0"));
        given().port(ManagementPort.get()).get("/q/health/ready").then().statusCode(200);
        assertEquals(0, rows.row("PURCHASE", key).orElseThrow().attempts(), "refused attempts are not counted");
        keyFixed.set(true);
        await().atMost(15, SECONDS).until(() -> rows.state("PURCHASE", key).equals("DELIVERED"));
        given().port(ManagementPort.get()).get("/q/metrics").then()
                .body(containsString("sidecar_partnero_key_refused 0.0"));
    }


}
