package dev.referral.sidecar.partnero;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;

import dev.referral.sidecar.referral.TransactionKey;
import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.PartneroWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Failures below HTTP: slow answers and dropped connections are unknown outcomes. */
@QuarkusTest
@WithTestResource(PartneroWireMock.class)
class PartneroTransportTest extends ClientTestBase {

    /** Past the %test attempt timeouts of reads (500 ms) and writes (1 s). */
    private static final int SLOW_MS = 1500;

    private static NewTransaction sale() {
        return new NewTransaction(new CustomerRef("bob_456"), "invoice_123", new BigDecimal("100"), "sale");
    }

    @Test
    void aSlowReadTimesOutEachAttemptAndIsRetried() {
        partnero.stubFor(get("/transactions/invoice_123")
                .willReturn(okJson(Fixtures.transaction("invoice_123")).withFixedDelay(SLOW_MS)));

        Throwable failure = failureOf(client.transaction(new TransactionKey("invoice_123")));

        assertInstanceOf(TimeoutException.class, failure);
        assertEquals(PartneroFailure.Kind.UNKNOWN_OUTCOME, PartneroFailure.of(failure).kind());
        partnero.verify(3, getRequestedFor(urlPathEqualTo("/transactions/invoice_123")));
    }

    @Test
    void aSlowWriteTimesOutOnceWithAnUnknownOutcome() {
        partnero.stubFor(post("/transactions")
                .willReturn(okJson(Fixtures.transaction("invoice_123")).withFixedDelay(SLOW_MS)));

        Throwable failure = failureOf(client.createTransaction(sale()));

        assertInstanceOf(TimeoutException.class, failure);
        assertEquals(PartneroFailure.Kind.UNKNOWN_OUTCOME, PartneroFailure.of(failure).kind());
        partnero.verify(1, postRequestedFor(urlPathEqualTo("/transactions")));
    }

    @Test
    void aResetAfterSendingIsUnavailableAndMaybeSent() {
        partnero.stubFor(post("/transactions").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        PartneroUnavailable failure = assertInstanceOf(PartneroUnavailable.class,
                failureOf(client.createTransaction(sale())));

        assertTrue(failure.maybeSent());
        assertEquals(0, failure.status());
        assertEquals(PartneroFailure.Kind.UNKNOWN_OUTCOME, PartneroFailure.of(failure).kind());
        partnero.verify(1, postRequestedFor(urlPathEqualTo("/transactions")));
    }

    @Test
    void aReadIsRetriedAfterAReset() {
        partnero.stubFor(get("/transactions/invoice_123")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertInstanceOf(PartneroUnavailable.class, failureOf(client.transaction(new TransactionKey("invoice_123"))));

        partnero.verify(3, getRequestedFor(urlPathEqualTo("/transactions/invoice_123")));
    }

    @Test
    void anEmptyResponseIsMaybeSent() {
        partnero.stubFor(post("/transactions").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        PartneroUnavailable failure = assertInstanceOf(PartneroUnavailable.class,
                failureOf(client.createTransaction(sale())));

        assertTrue(failure.maybeSent());
    }
}
