package dev.referral.sidecar.partnero;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.PartneroWireMock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;

/** Breakers open on repeated failures and then spare Partnero; 4xx never open them; all of it is in metrics. */
@QuarkusTest
@WithTestResource(PartneroWireMock.class)
class PartneroBreakerTest extends ClientTestBase {

    /** The breaker's rolling window (sidecar.partnero.writes.breaker.request-volume-threshold). */
    private static final int WINDOW = 20;

    @Inject
    MeterRegistry registry;

    private static NewCustomer bob() {
        return new NewCustomer("bob_456", null, null, null, null, null);
    }

    @Test
    void repeatedFailuresOpenTheBreakerWhichThenFailsFastWithoutCallingPartnero() {
        partnero.stubFor(post("/customers").willReturn(json(503, "{}")));
        for (int i = 0; i < WINDOW; i++) {
            assertInstanceOf(PartneroUnavailable.class, failureOf(client.createCustomer(bob())));
        }

        Throwable failure = failureOf(client.createCustomer(bob()));

        assertInstanceOf(CircuitBreakerOpenException.class, failure);
        assertEquals(PartneroFailure.Kind.NOT_SENT, PartneroFailure.of(failure).kind());
        partnero.verify(WINDOW, postRequestedFor(urlPathEqualTo("/customers")));
        assertEquals(CircuitBreakerState.OPEN, breakers.currentState("partnero-create-customer"));
        assertEquals(2.0, breakerGauge("create_customer"));
    }

    @Test
    void anOpenBreakerOnOneOperationLeavesTheOthersClosed() {
        partnero.stubFor(post("/customers").willReturn(json(500, "{}")));
        partnero.stubFor(get("/customers/alice_123").willReturn(okJson(Fixtures.customer("alice_123"))));
        for (int i = 0; i < WINDOW; i++) {
            failureOf(client.createCustomer(bob()));
        }

        client.customer(new CustomerKey("alice_123")).await().atMost(WAIT);

        assertEquals(2.0, breakerGauge("create_customer"));
        assertEquals(0.0, breakerGauge("customer"));
    }

    @Test
    void answersFromAWorkingPartneroNeverOpenTheBreaker() {
        partnero.stubFor(post("/customers").willReturn(json(422, Fixtures.duplicateCustomer())));

        for (int i = 0; i < WINDOW + 5; i++) {
            assertInstanceOf(PartneroRejected.class, failureOf(client.createCustomer(bob())));
        }

        partnero.verify(WINDOW + 5, postRequestedFor(urlPathEqualTo("/customers")));
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState("partnero-create-customer"));
        assertEquals(0.0, breakerGauge("create_customer"));
    }

    @Test
    void everyAttemptIsTimedByOperationAndOutcome() {
        partnero.stubFor(get("/customers/alice_123").willReturn(okJson(Fixtures.customer("alice_123"))));
        partnero.stubFor(get("/customers/nobody").willReturn(json(404, Fixtures.notFound("Customer"))));
        long before = count("customer", "success");

        client.customer(new CustomerKey("alice_123")).await().atMost(WAIT);
        failureOf(client.customer(new CustomerKey("nobody")));

        assertEquals(before + 1, count("customer", "success"));
        assertTrue(count("customer", "not_found") >= 1);
    }

    @Test
    void everyGuardedOperationHasABreakerGauge() {
        for (PartneroCall call : PartneroCall.values()) {
            call.breaker().ifPresent(name -> assertEquals(0.0, breakerGauge(call.tag()), name));
        }
    }

    /**
     * Fault tolerance's own ft_* meters are off: the sidecar's call timers and breaker gauges carry the same news, and
     * looking those meters up on every guarded call cost the event loop more than the call's timer.
     */
    @Test
    void theGuardsRegisterNoMetersOfTheirOwn() {
        failureOf(client.customer(new CustomerKey("nobody")));

        assertTrue(registry.getMeters().stream().noneMatch(m -> m.getId().getName().startsWith("ft.")),
                "no ft.* meter is registered");
        assertTrue(count("customer", "not_found") >= 1, "the sidecar's own timer still counts the call");
    }

    private double breakerGauge(String operation) {
        return registry.get(BreakerWatch.GAUGE).tag("operation", operation).gauge().value();
    }

    private long count(String operation, String outcome) {
        Timer timer = registry.find(PartneroClient.TIMER).tag("operation", operation).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
