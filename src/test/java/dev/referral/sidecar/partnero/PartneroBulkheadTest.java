package dev.referral.sidecar.partnero;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.junit.jupiter.api.Test;

import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.PartneroWireMock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The writes' bulkhead: a call beyond its running and waiting places is turned away at once, without asking
 * Partnero, and classified as this sidecar's own congestion ({@code BUSY}), not as Partnero unavailable.
 */
@QuarkusTest
@TestProfile(PartneroBulkheadTest.OneWriteAtATime.class)
@WithTestResource(PartneroWireMock.class)
class PartneroBulkheadTest extends ClientTestBase {

    /** One write of an operation in flight and one waiting (SmallRye's least queue). */
    public static final class OneWriteAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sidecar.partnero.writes.bulkhead", "1", "sidecar.partnero.writes.bulkhead-queue", "1");
        }
    }

    @Inject
    MeterRegistry registry;

    private static NewTransaction sale(String key) {
        return new NewTransaction(new CustomerRef("bob_456"), key, BigDecimal.TEN, "sale");
    }

    /** Each attempt within the %test writes' deadline (1 s), the waiting one's wait included. */
    @Test
    void aWriteBeyondTheBulkheadIsTurnedAwayWithoutAskingPartneroAndIsBusyNotUnavailable() {
        partnero.stubFor(post("/transactions")
                .willReturn(json(201, Fixtures.transaction("invoice_1")).withFixedDelay(300)));
        long timed = timedCalls() + 2;

        CompletableFuture<Transaction> running = client.createTransaction(sale("invoice_1"))
                .subscribeAsCompletionStage();
        CompletableFuture<Transaction> waiting = client.createTransaction(sale("invoice_1"))
                .subscribeAsCompletionStage();
        Throwable third = failureOf(client.createTransaction(sale("invoice_1")));

        assertInstanceOf(BulkheadException.class, third);
        assertEquals(PartneroFailure.Kind.BUSY, PartneroFailure.of(third).kind());
        assertEquals("invoice_1", running.join().key(), "the call in flight goes on");
        assertEquals("invoice_1", waiting.join().key(), "and the one waiting for its place");
        partnero.verify(2, postRequestedFor(urlPathEqualTo("/transactions")));
        assertEquals(timed, timedCalls(), "a call turned away is no HTTP exchange: only the two are timed");
    }

    private long timedCalls() {
        return registry.find(PartneroClient.TIMER).tag("operation", "create_transaction").timers().stream()
                .mapToLong(Timer::count).sum();
    }
}
