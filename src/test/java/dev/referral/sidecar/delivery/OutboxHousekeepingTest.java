package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.OutboxUpkeep;
import dev.referral.sidecar.outbox.Store;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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

    @Inject
    OutboxUpkeep upkeep;

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
        long nextWeek = System.currentTimeMillis() + java.time.Duration.ofDays(7).toMillis();
        // The old pending row is also made not due: a retry poller taking it now would dead-letter it as older than
        // the delivery max-age, which is another behaviour than retention and raced this test once in CI.
        store.write(c -> {
            try (var ps = c.prepareStatement("UPDATE outbox SET created_at = ?, updated_at = ?, "
                    + "next_attempt_at = CASE WHEN dedupe_key = ? THEN ? ELSE next_attempt_at END "
                    + "WHERE dedupe_key IN (?, ?)")) {
                ps.setLong(1, longAgo);
                ps.setLong(2, longAgo);
                ps.setString(3, oldPending);
                ps.setLong(4, nextWeek);
                ps.setString(5, old);
                ps.setString(6, oldPending);
                return ps.executeUpdate();
            }
        });
        retention.prune();
        assertEquals("ABSENT", rows.state("PURCHASE", old));
        assertEquals("DELIVERED", rows.state("PURCHASE", recent));
        assertEquals("PENDING", rows.state("PURCHASE", oldPending));
    }

    @Test
    void retentionReadsTheOldRowsAndOneWindowMoreNotTheWholeTable() {
        long now = System.currentTimeMillis();
        long longAgo = now - java.time.Duration.ofDays(40).toMillis();
        long lately = now - java.time.Duration.ofDays(1).toMillis();
        insert(2_500, "DELIVERED", longAgo, longAgo);
        insert(1, "PENDING", longAgo, longAgo);
        insert(1, "DEAD", longAgo, longAgo);
        insert(1, "DELIVERED", longAgo, lately);
        insert(5_000, "DELIVERED", lately, lately);

        OutboxUpkeep.Pruned pruned = upkeep.prune(now - java.time.Duration.ofDays(30).toMillis());

        assertEquals(2_500, pruned.deleted());
        assertEquals(5_003, rows.count("1 = 1"), "pending, dead, lately changed and recent rows stay");
        assertEquals(0, rows.count("state = 'DELIVERED' AND updated_at = " + longAgo));
        assertTrue(pruned.examined() >= 2_503, "every old row was looked at: " + pruned.examined());
        assertTrue(pruned.examined() <= 2_503 + 2_000, "at most about one window of recent rows was read, not all "
                + "5,000: " + pruned.examined());
    }

    /** {@code n} purchases in {@code state}, created and last changed at the given times. */
    private void insert(int n, String state, long created, long updated) {
        store.write(c -> {
            try (var ps = c.prepareStatement("INSERT INTO outbox (operation, dedupe_key, lane, payload, fingerprint, "
                    + "state, next_attempt_at, created_at, updated_at) VALUES ('PURCHASE', ?, ?, '{}', 'f', ?, 0, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    ps.setString(1, TestKeys.next("pruned"));
                    ps.setString(2, TestKeys.next("lane"));
                    ps.setString(3, state);
                    ps.setLong(4, created);
                    ps.setLong(5, updated);
                    ps.addBatch();
                }
                return ps.executeBatch().length;
            }
        });
    }
}
