package dev.referral.sidecar.delivery;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * A sign-up's customer record is committed with its delivered mark, and the answer waits for that commit. When the
 * commit fails (here: the customers table is gone for a moment), the sign-up is not answered "delivered": it is
 * queued, kept as "may have been sent", and delivered once more later, record included.
 */
@QuarkusTest
class SignupRecordFailureTest extends StubbedPartneroTest {

    @Inject
    Store store;

    @Inject
    Dispatcher dispatcher;

    @AfterEach
    void tableBack() {
        store.write(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'customers_away'")) {
                if (rs.next() && rs.getLong(1) > 0) {
                    s.execute("ALTER TABLE customers_away RENAME TO customers");
                }
            }
            return null;
        });
    }

    @Test
    void aFailedRecordCommitIsQueuedNotDeliveredAndTheRecordArrivesOnTheRetry() {
        String key = TestKeys.next("rec");
        when(partnero.createCustomer(any())).thenReturn(Upstream.customer(key, null));
        when(partnero.customer(any())).thenReturn(Upstream.customer(key, null));
        store.write(c -> c.createStatement().executeUpdate("ALTER TABLE customers RENAME TO customers_away"));

        given().contentType(ContentType.JSON).body(Map.of("key", key, "email", "rec@example.com"))
                .post("/signup-hook").then().statusCode(202).body("status", equalTo("queued"));
        var row = rows.row("SIGNUP", key).orElseThrow();
        assertEquals("PENDING", row.state());
        assertTrue(row.maybeSent(), "kept as may have been sent");

        tableBack();
        assertFalse(rows.customerRecorded(key));
        store.write(c -> c.createStatement().executeUpdate("UPDATE outbox SET next_attempt_at = 0"));
        await().atMost(20, SECONDS).until(() -> {
            dispatcher.dispatch();
            return "DELIVERED".equals(rows.state("SIGNUP", key));
        });
        assertTrue(rows.customerRecorded(key), "the record came with the retried delivery");
    }
}
