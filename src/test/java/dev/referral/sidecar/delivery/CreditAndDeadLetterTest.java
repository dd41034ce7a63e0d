package dev.referral.sidecar.delivery;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.support.OutboxRows;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** Credits (deduplicated, never re-sent after an unknown outcome) and the dead-letter admin endpoints. */
@QuarkusTest
class CreditAndDeadLetterTest extends StubbedPartneroTest {

    @Inject
    dev.referral.sidecar.outbox.Store store;

    @Inject
    dev.referral.sidecar.outbox.Outbox outbox;

    @Inject
    Attempts attempts;

    @Inject
    WriteGate gate;



    @Test
    void aCreditIsDeliveredOnceAndARepeatIsADuplicateAndOtherContentAConflict() {
        String key = TestKeys.next("bonus");
        when(partnero.credit(any(), any())).thenReturn(Uni.createFrom().item(JsonNodeFactory.instance.objectNode()));
        credit("alice_c", key, 10).then().statusCode(201)
                .body("idempotency_key", equalTo(key)).body("status", equalTo("delivered"));
        credit("alice_c", key, 10.00).then().statusCode(200).body("status", equalTo("duplicate"));
        credit("alice_c", key, 11).then().statusCode(409).body("type", equalTo("/problems/key-reused"));
        verify(partnero, times(1)).credit(eq(new CustomerKey("alice_c")), any());
    }

    @Test
    void aCreditWithAnUnknownOutcomeBecomesADeadLetterAndIsNeverResentOnItsOwn() {
        String key = TestKeys.next("bonus");
        when(partnero.credit(any(), any())).thenReturn(Upstream.unknownOutcome());
        credit("alice_d", key, 5).then().statusCode(202).body("status", equalTo("outcome_unknown"));
        OutboxRows.Row row = rows.row("CREDIT", key).orElseThrow();
        assertEquals("DEAD", row.state());
        assertEquals("outcome_unknown", row.deadReason());
        given().get("/admin/dead-letters").then().statusCode(200)
                .body("key", hasItem(key)).body("reason", hasItem("outcome_unknown"))
                .body("customer_key", hasItem("alice_d"));
        verify(partnero, times(1)).credit(any(), any());
    }

    @Test
    void aRepeatOfACreditWhoseOutcomeIsUnknownIsStillUnknownNeverRejected() {
        String key = TestKeys.next("bonus");
        when(partnero.credit(any(), any())).thenReturn(Upstream.unknownOutcome());
        credit("alice_r", key, 5).then().statusCode(202).body("status", equalTo("outcome_unknown"));

        // The credit may have arrived: "rejected" would invite the application to pay it again under a new key.
        credit("alice_r", key, 5).then().statusCode(202).body("status", equalTo("outcome_unknown"));

        verify(partnero, times(1)).credit(any(), any());
    }

    @Test
    void anOutcomeUnknownDeadLetterIsRetriedOnlyWhenConfirmedAndThenSent() {
        String key = TestKeys.next("bonus");
        when(partnero.credit(any(), any())).thenReturn(Upstream.unknownOutcome(),
                Uni.createFrom().item(JsonNodeFactory.instance.objectNode()));
        credit("alice_e", key, 5).then().statusCode(202);
        long id = deadLetterId(key);
        given().post("/admin/dead-letters/" + id + "/retry").then().statusCode(409)
                .body("type", equalTo("/problems/conflict"))
                .body("detail", org.hamcrest.Matchers.containsString("?confirm=outcome_unknown"));
        given().post("/admin/dead-letters/" + id + "/retry?confirm=yes").then().statusCode(409);
        assertEquals("DEAD", rows.state("CREDIT", key));
        given().post("/admin/dead-letters/" + id + "/retry?confirm=outcome_unknown").then().statusCode(202);
        await().atMost(10, SECONDS).until(() -> rows.state("CREDIT", key).equals("DELIVERED"));
        verify(partnero, times(2)).credit(any(), any());
        given().post("/admin/dead-letters/" + id + "/retry").then().statusCode(409)
                .body("type", equalTo("/problems/conflict"));
        given().post("/admin/dead-letters/999999999/retry").then().statusCode(404);
    }

    @Test
    void discardingADeadLetterReleasesTheRowsBehindIt() {
        String dead = TestKeys.next("inv");
        String behind = TestKeys.next("inv");
        when(partnero.createTransaction(PurchaseDeliveryTest.withKey(dead)))
                .thenReturn(Upstream.rejected(422, "amount", "bad"));
        when(partnero.createTransaction(PurchaseDeliveryTest.withKey(behind))).thenReturn(Upstream.transaction(behind));
        PurchaseDeliveryTest.purchase("discard_buyer", dead, "1").then().statusCode(422);
        PurchaseDeliveryTest.purchase("discard_buyer", behind, "2").then().statusCode(202);
        long id = deadLetterId(dead);
        given().delete("/admin/dead-letters/" + id).then().statusCode(204);
        await().atMost(10, SECONDS).until(() -> rows.state("PURCHASE", behind).equals("DELIVERED"));
        given().get("/admin/dead-letters").then().body("key", not(hasItem(dead)));
        given().delete("/admin/dead-letters/" + id).then().statusCode(409);
    }

    @Test
    void creditInputIsValidatedWholly() {
        given().contentType(ContentType.JSON).body(Map.of("amount", 0, "amount_units", "u$d"))
                .post("/referrals/alice/credit").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("amount", "amount_units",
                        "is_currency", "idempotency_key"));
        given().contentType(ContentType.JSON).body(Map.of("amount", 1, "amount_units", "usd", "is_currency", true,
                "idempotency_key", "k1")).post("/referrals/.bad/credit").then().statusCode(400);
    }

    /**
     * A credit that may have been sent is a dead letter for a person whatever ended it: one that expired behind a
     * closed gate (an "expired" dead letter) is not retried without the same confirmation, since the retry clears its
     * "maybe sent" mark and would pay it again.
     */
    @Test
    void aMaybeSentCreditIsRetriedOnlyWhenConfirmedWhateverItsDeadReason() {
        String key = TestKeys.next("bonus");
        long id = insertCredit(key, "DEAD", "expired");
        given().post("/admin/dead-letters/" + id + "/retry").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("?confirm=outcome_unknown"));
        assertEquals("DEAD", rows.state("CREDIT", key));
        verify(partnero, never()).credit(any(), any());
    }

    /**
     * A credit that may have been sent becomes an {@code outcome_unknown} dead letter at its next attempt even when
     * writes are paused by then (a 429 elsewhere between its claim and its attempt): held behind the gate instead, it
     * would wait and could end as an "expired" dead letter.
     */
    @Test
    void aMaybeSentCreditIsADeadLetterForAPersonEvenWhileWritesArePaused() {
        OutboxEntry claimed = claimedMaybeSentCredit();
        String key = claimed.dedupeKey();
        // Paused for 5 s: long enough for the attempt below, short enough for the next test's wait for the gate.
        when(partnero.createTransaction(any())).thenReturn(Upstream.throttled(5));
        given().contentType(ContentType.JSON).body(Map.of("customer_key", "alice_h", "key", TestKeys.next("inv"),
                "amount", 5)).post("/purchase-hook").then().statusCode(202);
        assertFalse(gate.open(), "a 429 pauses every write");
        attempts.run(claimed, false);
        assertEquals("DEAD", rows.state("CREDIT", key));
        assertEquals("outcome_unknown", rows.row("CREDIT", key).orElseThrow().deadReason());
        verify(partnero, never()).credit(any(), any());
    }

    /**
     * A due credit marked "may have been sent", claimed here. A dispatcher pass can claim it between its insert and
     * this claim (about a millisecond; a pass every second): then another is inserted, with a key of its own.
     */
    private OutboxEntry claimedMaybeSentCredit() {
        for (int tries = 0; tries < 3; tries++) {
            String key = TestKeys.next("bonus");
            insertCredit(key, "PENDING", null);
            java.util.Optional<OutboxEntry> claimed = outbox.claimDue(32, true).stream()
                    .filter(e -> e.dedupeKey().equals(key)).findFirst();
            if (claimed.isPresent()) {
                return claimed.get();
            }
        }
        throw new AssertionError("no inserted credit could be claimed here in three tries");
    }

    /**
     * A credit row marked "may have been sent", as a crash mid-send leaves it, in a lane of its own (an open row of
     * another test in the same lane would keep it from heading it); its id.
     */
    private long insertCredit(String key, String state, String deadReason) {
        store.write(c -> {
            try (var ps = c.prepareStatement("INSERT INTO outbox (operation, dedupe_key, lane, payload, fingerprint, "
                    + "state, dead_reason, maybe_sent, attempts, next_attempt_at, created_at, updated_at) "
                    + "VALUES ('CREDIT', ?, ?, '{}', 'f', ?, ?, 1, 1, 0, 0, 0)")) {
                ps.setString(1, key);
                ps.setString(2, "credit_" + key);
                ps.setString(3, state);
                ps.setString(4, deadReason);
                return ps.executeUpdate();
            }
        });
        return rows.row("CREDIT", key).orElseThrow().id();
    }

    @Test
    void deadLettersAreListedAPageAtATimeWithALinkToTheNext() {
        List<String> keys = java.util.stream.IntStream.range(0, 5).mapToObj(i -> TestKeys.next("paged")).toList();
        store.write(c -> {
            try (var ps = c.prepareStatement("INSERT INTO outbox (operation, dedupe_key, lane, payload, fingerprint, "
                    + "state, dead_reason, next_attempt_at, created_at, updated_at) "
                    + "VALUES ('PURCHASE', ?, ?, '{}', 'f', 'DEAD', 'rejected', 0, 0, 0)")) {
                for (String key : keys) {
                    ps.setString(1, key);
                    ps.setString(2, "lane_" + key);
                    ps.addBatch();
                }
                return ps.executeBatch().length;
            }
        });

        var first = given().queryParam("limit", 2).get("/admin/dead-letters").then().statusCode(200)
                .body("key", contains(keys.get(0), keys.get(1))).extract();
        String next = first.header("Link");
        assertTrue(next.matches("</admin/dead-letters\\?after=\\d+&limit=2>; rel=\"next\""), next);
        String path = next.substring(1, next.indexOf('>'));
        var second = given().get(path).then().statusCode(200).body("key", contains(keys.get(2), keys.get(3))).extract();
        String last = second.header("Link");
        given().get(last.substring(1, last.indexOf('>'))).then().statusCode(200)
                .body("key", contains(keys.get(4))).header("Link", org.hamcrest.Matchers.nullValue());

        given().get("/admin/dead-letters").then().statusCode(200).body("key", contains(keys.toArray()))
                .header("Link", org.hamcrest.Matchers.nullValue());
        given().queryParam("limit", 0).get("/admin/dead-letters").then().statusCode(400);
        given().queryParam("limit", 501).get("/admin/dead-letters").then().statusCode(400);
    }

    private static long deadLetterId(String key) {
        List<Map<String, Object>> letters = given().get("/admin/dead-letters").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return letters.stream().filter(l -> key.equals(l.get("key"))).findFirst()
                .map(l -> ((Number) l.get("id")).longValue()).orElseThrow();
    }

    private static io.restassured.response.Response credit(String customer, String key, double amount) {
        return given().contentType(ContentType.JSON).body(Map.of("amount", amount, "amount_units", "usd",
                "is_currency", true, "idempotency_key", key)).post("/referrals/" + customer + "/credit");
    }
}
