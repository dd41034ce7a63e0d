package dev.referral.sidecar.partnero;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.TransactionKey;
import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.PartneroWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Reads retry what is safe to retry, 429s no sooner than asked; writes are one attempt, always. */
@QuarkusTest
@WithTestResource(PartneroWireMock.class)
class PartneroRetryTest extends ClientTestBase {

    private static final CustomerKey ALICE = new CustomerKey("alice_123");
    private static final String CUSTOMER = "/customers/alice_123";

    @Test
    void aReadFailingTwiceWith503SucceedsOnTheThirdAttempt() {
        partnero.stubFor(get(CUSTOMER).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(json(503, "{}")).willSetStateTo("failed once"));
        partnero.stubFor(get(CUSTOMER).inScenario("flaky").whenScenarioStateIs("failed once")
                .willReturn(json(503, "{}")).willSetStateTo("failed twice"));
        partnero.stubFor(get(CUSTOMER).inScenario("flaky").whenScenarioStateIs("failed twice")
                .willReturn(okJson(Fixtures.customer("alice_123"))));

        Customer customer = client.customer(ALICE).await().atMost(WAIT);

        assertEquals("alice_123", customer.id());
        partnero.verify(3, getRequestedFor(urlPathEqualTo(CUSTOMER)));
    }

    @Test
    void aReadStopsAfterTwoRetries() {
        partnero.stubFor(get(CUSTOMER).willReturn(json(503, "{\"message\":\"Service Unavailable\"}")));

        PartneroUnavailable failure = assertInstanceOf(PartneroUnavailable.class, failureOf(client.customer(ALICE)));

        assertEquals(503, failure.status());
        partnero.verify(3, getRequestedFor(urlPathEqualTo(CUSTOMER)));
        for (long gap : gapsMillis()) {
            assertTrue(gap >= 90, "retries are spaced by the jittered delay, gap was " + gap + " ms");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 401, 403, 404, 409, 422 })
    void aReadIsNeverRetriedOnAnAnswer(int status) {
        partnero.stubFor(get(CUSTOMER).willReturn(json(status, "{\"message\":\"no\"}")));

        failureOf(client.customer(ALICE));

        partnero.verify(1, getRequestedFor(urlPathEqualTo(CUSTOMER)));
    }

    @Test
    void aThrottledReadWaitsOutRetryAfterBeforeRetrying() {
        partnero.stubFor(get(CUSTOMER).inScenario("throttled").whenScenarioStateIs(STARTED)
                .willReturn(json(429, "{\"message\":\"Too Many Attempts.\"}").withHeader("Retry-After", "1"))
                .willSetStateTo("open"));
        partnero.stubFor(get(CUSTOMER).inScenario("throttled").whenScenarioStateIs("open")
                .willReturn(okJson(Fixtures.customer("alice_123"))));

        client.customer(ALICE).await().atMost(WAIT);

        partnero.verify(2, getRequestedFor(urlPathEqualTo(CUSTOMER)));
        long gap = gapsMillis()[0];
        assertTrue(gap >= 1000, "the retry came " + gap + " ms after the 429 asked for 1 s");
    }

    @Test
    void aThrottledReadFailsFastWhenRetryAfterExceedsWhatAReadCanWait() {
        partnero.stubFor(get(CUSTOMER).willReturn(json(429, "{}").withHeader("Retry-After", "30")));

        long started = System.nanoTime();
        PartneroThrottled throttled = assertInstanceOf(PartneroThrottled.class, failureOf(client.customer(ALICE)));

        assertEquals(Optional.of(Duration.ofSeconds(30)), throttled.retryAfter());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);
        partnero.verify(1, getRequestedFor(urlPathEqualTo(CUSTOMER)));
    }

    @Test
    void aThrottledReadWithoutRetryAfterIsNotRetried() {
        partnero.stubFor(get(CUSTOMER).willReturn(json(429, "{}")));

        assertInstanceOf(PartneroThrottled.class, failureOf(client.customer(ALICE)));

        partnero.verify(1, getRequestedFor(urlPathEqualTo(CUSTOMER)));
    }

    @Test
    void theTransactionCheckRetriesTooButNotItsNotFound() {
        partnero.stubFor(get("/transactions/invoice_123").willReturn(json(500, "{}")));
        partnero.stubFor(get("/transactions/invoice_404").willReturn(json(404, Fixtures.notFound("Transaction"))));

        failureOf(client.transaction(new TransactionKey("invoice_123")));
        client.transaction(new TransactionKey("invoice_404")).await().atMost(WAIT);

        partnero.verify(3, getRequestedFor(urlPathEqualTo("/transactions/invoice_123")));
        partnero.verify(1, getRequestedFor(urlPathEqualTo("/transactions/invoice_404")));
    }

    @ParameterizedTest
    @ValueSource(ints = { 429, 500, 502, 503, 504 })
    void writesAreOneAttemptWhateverTheFailure(int status) {
        partnero.stubFor(post("/customers").willReturn(json(status, "{}").withHeader("Retry-After", "0")));
        partnero.stubFor(post("/transactions").willReturn(json(status, "{}").withHeader("Retry-After", "0")));
        partnero.stubFor(post("/customers/alice_123/balance/credit").willReturn(json(status, "{}")
                .withHeader("Retry-After", "0")));
        partnero.stubFor(delete("/transactions/invoice_123").willReturn(json(status, "{}")
                .withHeader("Retry-After", "0")));

        failureOf(client.createCustomer(new NewCustomer("alice_123", null, null, null, null, null)));
        failureOf(client.createTransaction(new NewTransaction(new CustomerRef("bob_456"), "invoice_123",
                BigDecimal.TEN, "sale")));
        failureOf(client.credit(ALICE, new NewCredit(BigDecimal.ONE, "usd", true)));
        failureOf(client.deleteTransaction(new TransactionKey("invoice_123")));

        partnero.verify(4, anyRequestedFor(anyUrl()));
    }
}
