package dev.referral.sidecar.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import dev.referral.sidecar.delivery.SignupRecord;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.PartneroWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** What one dashboard call answers, and that its four reads run side by side. */
@QuarkusTest
@WithTestResource(PartneroWireMock.class)
class DashboardAnswerTest extends DashboardTestBase {

    private static final int SLOW_MS = 300;

    @Test
    void answersCustomerLinksStatsBalanceAndProjectedReferrals() {
        stubCustomer("alice_1", ok(Fixtures.customer("alice_1")));

        given().get("/referrals/alice_1").then().statusCode(200)
                .body("key", equalTo("alice_1"))
                .body("referral_link", equalTo("https://example.com/?ref=alice_1"))
                .body("referral_links", contains("https://example.com/?ref=alice_1"))
                .body("referrals_count", equalTo(2))
                .body("stats.referrals_count", equalTo(2))
                .body("balance.currency[0].amount_units", equalTo("USD"))
                .body("balance", not(hasKey("customer")))
                .body("referrals.id", contains("bob_456", "carol_789"))
                .body("referrals.name", contains("Bob", "Carol"))
                .body("referrals[0].keySet()", equalTo(java.util.Set.of("id", "name", "status", "created_at")))
                .body("referrals[0].created_at", equalTo("2025-05-10T08:00:00.000000Z"))
                .body("fetched_at", notNullValue())
                .body("stale", equalTo(false))
                .body("missing", empty())
                .body("$", not(hasKey("pending")));
    }

    @Test
    void neverPassesOnOtherPeoplesEmailsSurnamesOrCustomFields() {
        stubCustomer("alice_2", ok(Fixtures.customer("alice_2")));

        String body = given().get("/referrals/alice_2").then().statusCode(200).extract().asString();

        assertTrue(!body.contains("bob@example.com") && !body.contains("Jones") && !body.contains("555-0100"), body);
    }

    /** A balance whose {@code balance} is not an object is passed on as Partnero sent it, without its customer. */
    @Test
    void aBalanceOfAnotherShapeNeverCarriesTheCustomersEmail() {
        stubCustomer("alice_6", ok(Fixtures.customer("alice_6")));
        stub("alice_6", "/balance", ok("{\"data\":{\"customer\":{\"id\":\"alice_6\",\"email\":"
                + "\"alice6-secret@example.com\"},\"balance\":12.5},\"status\":1}"));

        String body = given().get("/referrals/alice_6").then().statusCode(200)
                .body("balance.balance", equalTo(12.5f)).extract().asString();

        assertTrue(!body.contains("alice6-secret@example.com"), body);
    }

    @Test
    void theFourReadsRunInParallel() {
        stubCustomer("alice_3", ok(Fixtures.customer("alice_3")).withFixedDelay(SLOW_MS));
        stub("alice_3", "/stats", ok(Fixtures.stats()).withFixedDelay(SLOW_MS));
        stub("alice_3", "/balance", ok(Fixtures.balance()).withFixedDelay(SLOW_MS));
        stub("alice_3", "/referrals", ok(Fixtures.referrals()).withFixedDelay(SLOW_MS));

        long started = System.nanoTime();
        Response answer = given().get("/referrals/alice_3");
        long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        answer.then().statusCode(200).body("missing", empty());

        List<ServeEvent> reads = partnero.getAllServeEvents();
        assertEquals(4, reads.size());
        long first = reads.stream().mapToLong(e -> e.getRequest().getLoggedDate().getTime()).min().orElseThrow();
        long last = reads.stream().mapToLong(e -> e.getRequest().getLoggedDate().getTime()).max().orElseThrow();
        assertTrue(last - first < SLOW_MS, "every read started before the first one ended: spread " + (last - first));
        assertTrue(elapsedMs < 2 * SLOW_MS, "four " + SLOW_MS + " ms reads took " + elapsedMs + " ms together");
    }

    @Test
    void limitAndPagePassThroughToTheReferralList() {
        stubCustomer("alice_4", ok(Fixtures.customer("alice_4")));

        given().queryParam("limit", 250).queryParam("page", 3).get("/referrals/alice_4").then().statusCode(200);
        given().get("/referrals/alice_4").then().statusCode(200);

        List<Map<String, String>> queries = partnero.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().contains("/referrals"))
                .map(e -> Map.of("limit", e.getRequest().queryParameter("limit").firstValue(),
                        "page", e.getRequest().queryParameter("page").firstValue()))
                .toList();
        assertTrue(queries.contains(Map.of("limit", "250", "page", "3")), queries.toString());
        assertTrue(queries.contains(Map.of("limit", "15", "page", "1")), queries.toString());
    }

    @Test
    void anUnknownCustomerIsNotFound() {
        stubCustomer("nobody_1", status(404, Fixtures.notFound("Customer")));

        given().get("/referrals/nobody_1").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
    }

    @Test
    void aQueuedSignUpIsPendingWithoutAskingPartnero() {
        CustomerKey key = new CustomerKey("newbie_1");
        when(delivery.signupRecord(key)).thenReturn(Optional.of(new SignupRecord(key, true, Optional.empty(),
                Optional.empty())));

        given().get("/referrals/newbie_1").then().statusCode(200)
                .body("key", equalTo("newbie_1"))
                .body("pending", equalTo(true))
                .body("$", not(hasKey("stale")));

        assertEquals(0, upstreamRequests());
    }

    @Test
    void aCustomerUnknownByKeyIsReadOnceMoreByPartnerosId() {
        CustomerKey key = new CustomerKey("alice_5");
        when(delivery.signupRecord(key)).thenReturn(Optional.of(new SignupRecord(key, false, Optional.of("cus_000005"),
                Optional.empty())));
        stubCustomer("alice_5", status(404, Fixtures.notFound("Customer")));
        stub("alice_5", "/stats", status(404, Fixtures.notFound("Customer")));
        stub("alice_5", "/balance", status(404, Fixtures.notFound("Customer")));
        stub("alice_5", "/referrals", status(404, Fixtures.notFound("Customer")));
        stubCustomer("cus_000005", ok(Fixtures.customer("cus_000005")));

        given().get("/referrals/alice_5").then().statusCode(200)
                .body("key", equalTo("alice_5"))
                .body("referral_link", equalTo("https://example.com/?ref=cus_000005"))
                .body("missing", empty());
    }
}
