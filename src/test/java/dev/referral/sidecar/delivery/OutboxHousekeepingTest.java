package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Store;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.support.ManagementPort;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Backlog metrics and retention: what operators see, and what is pruned when. */
@QuarkusTest
class OutboxHousekeepingTest extends StubbedPartneroTest {

    @Inject
    Store store;

    @Inject
    Retention retention;

    @Test
    void depthGaugesCountPendingBlockedAndDeadRows() {
        String dead = TestKeys.next("inv");
        String blocked = TestKeys.next("inv");
        String pending = TestKeys.next("inv");
        when(partnero.createTransaction(PurchaseDeliveryTest.withKey(dead)))
                .thenReturn(Upstream.rejected(422, "amount", "bad"));
        when(partnero.createTransaction(PurchaseDeliveryTest.withKey(blocked))).thenReturn(Upstream.transaction(blocked));
        when(partnero.createTransaction(PurchaseDeliveryTest.withKey(pending))).thenReturn(Upstream.down());
        PurchaseDeliveryTest.purchase("metrics_a", dead, "1").then().statusCode(422);
        PurchaseDeliveryTest.purchase("metrics_a", blocked, "2").then().statusCode(202);
        PurchaseDeliveryTest.purchase("metrics_b", pending, "3").then().statusCode(202);
        await().atMost(15, SECONDS).until(() -> {
            String metrics = given().port(ManagementPort.get()).get("/q/metrics").asString();
            return metrics.contains("sidecar_outbox_depth{state=\"dead\"} 1.0")
                    && metrics.contains("sidecar_outbox_depth{state=\"blocked\"} 1.0")
                    && metrics.contains("sidecar_outbox_depth{state=\"pending\"} 1.0")
                    && metrics.contains("sidecar_delivery_dead_letters{operation=\"purchase\"} 1.0")
                    && !metrics.contains("sidecar_outbox_oldest_age_seconds 0.0");
        });
    }

    @Test
    void retentionPrunesOnlyFinishedRowsOlderThanTheRetention() {
        String old = TestKeys.next("inv");
        String recent = TestKeys.next("inv");
        String oldPending = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction("x"));
        PurchaseDeliveryTest.purchase("retention_a", old, "1").then().statusCode(201);
        PurchaseDeliveryTest.purchase("retention_b", recent, "1").then().statusCode(201);
        when(partnero.createTransaction(PurchaseDeliveryTest.withKey(oldPending))).thenReturn(Upstream.down());
        PurchaseDeliveryTest.purchase("retention_c", oldPending, "1").then().statusCode(202);
        long longAgo = System.currentTimeMillis() - java.time.Duration.ofDays(31).toMillis();
        store.write(c -> {
            try (var ps = c.prepareStatement("UPDATE outbox SET updated_at = ? WHERE dedupe_key IN (?, ?)")) {
                ps.setLong(1, longAgo);
                ps.setString(2, old);
                ps.setString(3, oldPending);
                return ps.executeUpdate();
            }
        });
        retention.prune();
        assertEquals("ABSENT", rows.state("PURCHASE", old));
        assertEquals("DELIVERED", rows.state("PURCHASE", recent));
        assertEquals("PENDING", rows.state("PURCHASE", oldPending));
    }
}
