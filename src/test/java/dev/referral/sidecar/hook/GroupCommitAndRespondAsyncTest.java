package dev.referral.sidecar.hook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.partnero.PartneroClient;
import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.HeldWriter;
import dev.referral.sidecar.support.InjectWireMock;
import dev.referral.sidecar.support.OutboxRows;
import dev.referral.sidecar.support.PartneroWarmup;
import dev.referral.sidecar.support.PartneroWireMock;
import dev.referral.sidecar.support.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * The hot path: concurrent purchases share commits (one fsync for many), and {@code Prefer: respond-async} answers
 * 202 after the commit without waiting for Partnero, which still gets the purchase exactly once.
 */
@QuarkusTest
@WithTestResource(PartneroWireMock.class)
class GroupCommitAndRespondAsyncTest {

    private static final String TRANSACTION = "{\"data\":{\"key\":\"k\",\"action\":\"sale\",\"amount\":1},\"status\":1}";

    @InjectWireMock
    WireMockServer partnero;

    @Inject
    PartneroClient client;

    @Inject
    OutboxRows rows;

    @Inject
    Store store;

    @BeforeEach
    void reset() {
        PartneroWarmup.once(client, partnero);
        partnero.resetAll();
        rows.clear();
    }

    @Test
    void twoHundredConcurrentPurchasesAreAcceptedInFarFewerCommits() throws Exception {
        // A 429 pauses every write for its Retry-After: the acceptances below store their rows unclaimed (due when
        // writes open again), so neither background attempts nor dispatcher passes commit while they are counted.
        partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "10")));
        given().contentType(ContentType.JSON)
                .body("{\"customer_key\":\"" + TestKeys.next("buyer") + "\",\"key\":\"" + TestKeys.next("inv")
                        + "\",\"amount\":10}")
                .post("/purchase-hook").then().statusCode(202);
        partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(TRANSACTION)));
        int purchases = 200;
        ExecutorService callers = Executors.newFixedThreadPool(purchases);
        // The writer is held by one slow write while the 200 acceptances queue up behind it, as under load when a
        // commit (an fsync) takes longer than the requests take to arrive.
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Boolean> slow = HeldWriter.hold(store, release, 30);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < purchases; i++) {
            String body = "{\"customer_key\":\"" + TestKeys.next("buyer") + "\",\"key\":\"" + TestKeys.next("inv")
                    + "\",\"amount\":10}";
            answers.add(callers.submit(() -> given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                    .body(body).post("/purchase-hook").statusCode()));
        }
        await().atMost(30, SECONDS).until(() -> store.queued() >= purchases);
        long before = store.commits();
        release.countDown();
        slow.get(30, SECONDS);
        for (Future<Integer> answer : answers) {
            assertEquals(202, answer.get(60, SECONDS));
        }
        long acceptCommits = store.commits() - before;
        callers.shutdown();
        // 200 acceptances in a handful of commits, not 200.
        assertTrue(acceptCommits <= 5, "200 acceptances took " + acceptCommits + " commits");
        await().atMost(60, SECONDS).until(() -> rows.count("state = 'DELIVERED'") == purchases + 1);
    }

    @Test
    void respondAsyncAnswers202BeforePartneroAnswersAndDeliversOnce() {
        partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(200).withFixedDelay(2000)
                .withHeader("Content-Type", "application/json").withBody(TRANSACTION)));
        String key = TestKeys.next("inv");
        // Slower than the test profile's 1 s write timeout: the dispatcher's attempt has an unknown outcome, checks,
        // and finds the purchase there, so it is still sent exactly once.
        partnero.stubFor(get(urlPathEqualTo("/transactions/" + key)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(TRANSACTION)));
        given().contentType(ContentType.JSON).header("Prefer", "respond-async, wait=10")
                .body("{\"customer_key\":\"" + TestKeys.next("buyer") + "\",\"key\":\"" + key + "\",\"amount\":10}")
                .post("/purchase-hook")
                .then().statusCode(202)
                .header("Preference-Applied", "respond-async")
                .body("transactions[0].status", equalTo("queued"));
        // Answered from the commit alone: Partnero has not answered yet (it takes 2 s), maybe not even been asked.
        assertEquals("PENDING", rows.state("PURCHASE", key));
        await().atMost(20, SECONDS).until(() -> "DELIVERED".equals(rows.state("PURCHASE", key)));
        assertEquals(1, partnero.findAll(postRequestedFor(urlPathEqualTo("/transactions"))).size());
    }

    /**
     * A delivered sign-up costs two commits: the acceptance (with its claim), then the customer record together with
     * the delivered mark. The answer waits for the first only: the second is queued before the answer (the record is
     * in memory at once) and may linger a few milliseconds for company, so it is committed at the answer or just after.
     */
    @Test
    void aDeliveredSignupIsTwoCommitsTheSecondHoldingItsRecordAndItsDeliveredMark() {
        String customer = TestKeys.next("cust");
        partnero.stubFor(post("/customers").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.customer(customer))));
        long before = store.commits();
        given().contentType(ContentType.JSON).body("{\"key\":\"" + customer + "\",\"email\":\"a@example.com\"}")
                .post("/signup-hook")
                .then().statusCode(201).body("referral_link", equalTo("https://example.com/?ref=" + customer));
        long atAnswer = store.commits() - before;
        assertTrue(atAnswer == 1 || atAnswer == 2, "commits before the answer: " + atAnswer);
        await().atMost(5, SECONDS).until(() -> "DELIVERED".equals(rows.state("SIGNUP", customer)));
        assertTrue(rows.customerRecorded(customer), "customer record stored with the delivered mark");
        // The record and the mark were one commit, and nothing else is committed afterwards.
        await().during(300, java.util.concurrent.TimeUnit.MILLISECONDS).atMost(2, SECONDS)
                .until(() -> store.commits() - before == 2);
    }

    @Test
    void respondAsyncOnTheSignupHookQueuesWithoutTheImmediateAttempt() {
        String customer = TestKeys.next("cust");
        given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                .body("{\"key\":\"" + customer + "\",\"email\":\"a@example.com\"}")
                .post("/signup-hook")
                .then().statusCode(202)
                .header("Preference-Applied", "respond-async")
                .body("status", equalTo("queued"));
    }

    /**
     * Each unit of a group runs in a savepoint, and SQLite keeps a savepoint's undo pages in a statement journal: a
     * temporary file by default (opened, written and unlinked for every group: half the writer's CPU under load),
     * in memory with {@code temp_store=MEMORY}. The journal only serves rolling back a unit while its group is open,
     * never recovery, so keeping it in memory costs no durability.
     */
    @Test
    void theWritersSavepointJournalsStayInMemory() {
        int tempStore = store.write(c -> {
            try (var statement = c.createStatement(); var result = statement.executeQuery("PRAGMA temp_store")) {
                result.next();
                return result.getInt(1);
            }
        });
        assertEquals(2, tempStore, "PRAGMA temp_store on the writer's connection (2 is MEMORY)");
    }
}
