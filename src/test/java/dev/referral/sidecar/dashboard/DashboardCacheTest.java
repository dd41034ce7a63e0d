package dev.referral.sidecar.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.delivery.Delivered;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.PartneroWireMock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/** Fresh for the TTL, stale when Partnero fails, partial when a part fails, evicted when a write lands. */
@QuarkusTest
@WithTestResource(PartneroWireMock.class)
class DashboardCacheTest extends DashboardTestBase {

    @Inject
    Event<Delivered> delivered;

    @Inject
    DashboardCache cache;

    @Inject
    MeterRegistry registry;

    @Test
    void aSecondCallIsServedFromTheCache() {
        stubCustomer("cached_1", ok(Fixtures.customer("cached_1")));
        String first = given().get("/referrals/cached_1").then().statusCode(200).contentType("application/json")
                .extract().asString();
        int afterFirst = upstreamRequests();
        double cachedBefore = answers("cached");

        // A hit sends the body the miss wrote, as it is, with the same media type.
        String second = given().get("/referrals/cached_1").then().statusCode(200).contentType("application/json")
                .extract().asString();

        assertEquals(4, afterFirst);
        assertEquals(afterFirst, upstreamRequests());
        assertEquals(first, second);
        assertEquals(cachedBefore + 1, answers("cached"));
    }

    @Test
    void anOutageAfterCachingServesTheCopyStaleWithItsOriginalFetchedAt() {
        stubCustomer("stale_1", ok(Fixtures.customer("stale_1")));
        String fetchedAt = given().get("/referrals/stale_1").then().statusCode(200).extract().path("fetched_at");
        delivered.fire(new Delivered(new CustomerKey("stale_1"), Optional.empty()));
        partnero.resetAll();
        stubCustomer("stale_1", status(503, "{\"message\":\"Service Unavailable\"}"));
        double staleBefore = answers("stale");

        given().get("/referrals/stale_1").then().statusCode(200)
                .body("stale", equalTo(true))
                .body("fetched_at", equalTo(fetchedAt))
                .body("referral_link", equalTo("https://example.com/?ref=stale_1"))
                .body("missing", empty());

        assertTrue(upstreamRequests() > 0, "the copy is served only after Partnero was asked");
        assertEquals(staleBefore + 1, answers("stale"));
    }

    @Test
    void aLongThrottleIsServedStaleWithinTheBudget() {
        stubCustomer("throttled_1", ok(Fixtures.customer("throttled_1")));
        given().get("/referrals/throttled_1").then().statusCode(200);
        cache.evict(new CustomerKey("throttled_1"));
        partnero.resetAll();
        stubCustomer("throttled_1", status(429, "{}").withHeader("Retry-After", "30"));

        long started = System.nanoTime();
        given().get("/referrals/throttled_1").then().statusCode(200).body("stale", equalTo(true));

        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0);
    }

    @Test
    void withNoCopyAnOutageIsUnavailableWithRetryAfter() {
        stubCustomer("down_1", status(503, "<html>down</html>").withHeader("Content-Type", "text/html"));

        given().get("/referrals/down_1").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notBlank())
                .body("type", equalTo("/problems/unavailable"));
    }

    @Test
    void onePartFailingAnswersTheRestAndNamesItWithoutCaching() {
        stubCustomer("partial_1", ok(Fixtures.customer("partial_1")));
        stub("partial_1", "/stats", status(503, "{}"));
        double partialBefore = answers("partial");

        given().get("/referrals/partial_1").then().statusCode(200)
                .body("missing", contains("stats"))
                .body("$", not(hasKey("stats")))
                .body("balance.currency[0].amount", equalTo(10))
                .body("referrals.id", contains("bob_456", "carol_789"))
                .body("stale", equalTo(false));
        int afterFirst = upstreamRequests();
        given().get("/referrals/partial_1").then().statusCode(200).body("missing", contains("stats"));

        assertTrue(upstreamRequests() > afterFirst, "a partial answer is not cached");
        assertEquals(partialBefore + 2, answers("partial"));
    }

    @Test
    void aDeliveredWriteEvictsTheBuyerAndTheReferrerInEveryPageButNoOneElse() {
        for (String key : new String[] { "buyer_1", "referrer_1", "bystander_1" }) {
            stubCustomer(key, ok(Fixtures.customer(key)));
            given().get("/referrals/" + key).then().statusCode(200);
        }
        given().queryParam("page", 2).get("/referrals/buyer_1").then().statusCode(200);
        partnero.resetRequests();

        delivered.fire(new Delivered(new CustomerKey("buyer_1"),
                Optional.of(new CustomerKey("referrer_1"))));
        given().get("/referrals/buyer_1").then().statusCode(200);
        given().queryParam("page", 2).get("/referrals/buyer_1").then().statusCode(200);
        given().get("/referrals/referrer_1").then().statusCode(200);
        given().get("/referrals/bystander_1").then().statusCode(200);

        assertEquals(3 * 4, upstreamRequests(), "buyer (two pages) and referrer fetched again, bystander cached");
    }

    @Test
    void callersMissingTheSameViewAtOnceShareOneFetch() throws Exception {
        // The delay keeps the fetch in flight while all eight join, and stays well inside the reads' 500 ms timeout
        // (a timed-out read is retried: a fifth request that this test must not mistake for a second fetch).
        stubCustomer("herd_1", ok(Fixtures.customer("herd_1")).withFixedDelay(250));
        double freshBefore = answers("fresh");
        ExecutorService callers = Executors.newFixedThreadPool(8);
        CyclicBarrier together = new CyclicBarrier(8);
        try {
            List<Future<String>> links = IntStream.range(0, 8).mapToObj(i -> callers.submit(() -> {
                together.await(10, TimeUnit.SECONDS);
                return given().get("/referrals/herd_1").then().statusCode(200).extract().<String>path("referral_link");
            })).toList();
            for (Future<String> link : links) {
                assertEquals("https://example.com/?ref=herd_1", link.get(10, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }

        assertEquals(4, upstreamRequests(), "eight callers, one set of four reads");
        assertEquals(freshBefore + 8, answers("fresh"), "every caller's answer is counted");
    }

    @Test
    void aCallerAfterAWriteDoesNotJoinAFetchThatBeganBeforeIt() throws Exception {
        ExecutorService callers = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> first = fetchWhileAWriteLands(callers, "herd_2");

            given().get("/referrals/herd_2").then().statusCode(200);

            assertEquals(200, first.get(10, TimeUnit.SECONDS));
        } finally {
            callers.shutdownNow();
        }
        assertEquals(2 * 4, upstreamRequests(), "the caller after the write fetched again");
    }

    @Test
    void anAnswerReadWhileAWriteLandedIsNotServedFromTheCacheAfterIt() throws Exception {
        ExecutorService callers = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> first = fetchWhileAWriteLands(callers, "late_1");
            assertEquals(200, first.get(10, TimeUnit.SECONDS), "the caller still gets the answer it waited for");
        } finally {
            callers.shutdownNow();
        }

        given().get("/referrals/late_1").then().statusCode(200);

        assertEquals(2 * 4, upstreamRequests(), "the fetch that straddled the write was not kept: read again");
    }

    /**
     * Starts a dashboard read of {@code key} whose customer read takes 300 ms and, once its reads are out, delivers a
     * write of that customer: the read began before the write and ends after its eviction.
     */
    private Future<Integer> fetchWhileAWriteLands(ExecutorService callers, String key) throws InterruptedException {
        stubCustomer(key, ok(Fixtures.customer(key)).withFixedDelay(300));
        Future<Integer> first = callers.submit(() -> given().get("/referrals/" + key).statusCode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (upstreamRequests() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        delivered.fire(new Delivered(new CustomerKey(key), Optional.empty()));
        return first;
    }

    private double answers(String freshness) {
        Counter counter = registry.find(DashboardService.ANSWERS).tag("freshness", freshness).counter();
        return counter == null ? 0 : counter.count();
    }

    private static org.hamcrest.Matcher<String> notBlank() {
        return not(org.hamcrest.Matchers.blankOrNullString());
    }
}
