package dev.referral.sidecar.partnero;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.PartneroWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Statuses become typed exceptions by status; bodies are read only when they are JSON. */
@QuarkusTest
@WithTestResource(PartneroWireMock.class)
class PartneroErrorsTest extends ClientTestBase {

    private static final CustomerKey ALICE = new CustomerKey("alice_123");

    private static NewTransaction sale() {
        return new NewTransaction(new CustomerRef("bob_456"), "invoice_123", new BigDecimal("100"), "sale");
    }

    @Test
    void laravelValidationErrorsAreParsedPerField() {
        partnero.stubFor(post("/customers").willReturn(json(422, Fixtures.duplicateCustomer())));

        Throwable failure = failureOf(client.createCustomer(new NewCustomer("alice_123", "alice@example.com", null,
                null, null, null)));

        PartneroRejected rejected = assertInstanceOf(PartneroRejected.class, failure);
        assertEquals(422, rejected.status());
        assertEquals("The key has already been taken. (and 1 more error)", rejected.upstreamMessage());
        assertEquals(List.of("The key has already been taken."), rejected.errors().get("key"));
        assertEquals(List.of("The email has already been taken."), rejected.errors().get("email"));
        assertEquals(PartneroFailure.Kind.REJECTED, PartneroFailure.of(failure).kind());
    }

    @Test
    void aClientErrorWithAnHtmlBodyStaysRejectedWithTheStatusLine() {
        partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "text/html").withBodyFile(Fixtures.BAD_GATEWAY_PAGE)));

        PartneroRejected rejected = assertInstanceOf(PartneroRejected.class,
                failureOf(client.createTransaction(sale())));

        assertEquals(422, rejected.status());
        assertEquals("422 Unprocessable Entity", rejected.upstreamMessage());
        assertTrue(rejected.errors().isEmpty());
    }

    @Test
    void jsonThatIsNotJsonFallsBackToTheStatusLine() {
        partnero.stubFor(post("/transactions").willReturn(json(400, "{\"message\": ")));

        PartneroRejected rejected = assertInstanceOf(PartneroRejected.class,
                failureOf(client.createTransaction(sale())));

        assertEquals(400, rejected.status());
        assertEquals("400 Bad Request", rejected.upstreamMessage());
    }

    @Test
    void anHtmlBadGatewayPageIsUnavailableNotAParseError() {
        partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html").withBodyFile(Fixtures.BAD_GATEWAY_PAGE)));

        PartneroUnavailable unavailable = assertInstanceOf(PartneroUnavailable.class,
                failureOf(client.createTransaction(sale())));

        assertEquals(502, unavailable.status());
        assertTrue(unavailable.maybeSent());
    }

    @Test
    void notFoundIsRejectedAsNotFound() {
        partnero.stubFor(get("/customers/alice_123").willReturn(json(404, Fixtures.notFound("Customer"))));

        PartneroRejected rejected = assertInstanceOf(PartneroRejected.class, failureOf(client.customer(ALICE)));

        assertTrue(rejected.notFound());
        assertEquals("Customer not found.", rejected.upstreamMessage());
        assertEquals(PartneroFailure.Kind.NOT_FOUND, PartneroFailure.of(rejected).kind());
    }

    @ParameterizedTest
    @ValueSource(ints = { 401, 403 })
    void aRefusedKeyIsUnauthorized(int status) {
        partnero.stubFor(get("/customers/alice_123").willReturn(json(status, "{\"message\":\"Unauthenticated.\"}")));

        PartneroUnauthorized unauthorized = assertInstanceOf(PartneroUnauthorized.class,
                failureOf(client.customer(ALICE)));

        assertEquals(status, unauthorized.status());
    }

    @ParameterizedTest
    @ValueSource(ints = { 408, 500, 503, 504 })
    void timeoutsAndServerErrorsAreUnavailableAndMaybeSent(int status) {
        partnero.stubFor(post("/transactions").willReturn(json(status, "{\"message\":\"Server Error\"}")));

        PartneroUnavailable unavailable = assertInstanceOf(PartneroUnavailable.class,
                failureOf(client.createTransaction(sale())));

        assertEquals(status, unavailable.status());
        assertTrue(unavailable.maybeSent());
        assertEquals(PartneroFailure.Kind.UNKNOWN_OUTCOME, PartneroFailure.of(unavailable).kind());
    }

    @ParameterizedTest
    @ValueSource(ints = { 301, 302, 307 })
    void aRedirectIsNeverFollowed(int status) {
        partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(status)
                .withHeader("Location", "/login")));
        partnero.stubFor(get("/login").willReturn(okJson("{}")));

        PartneroUnavailable unavailable = assertInstanceOf(PartneroUnavailable.class,
                failureOf(client.createTransaction(sale())));

        assertEquals(status, unavailable.status());
        partnero.verify(1, anyRequestedFor(anyUrl()));
        partnero.verify(0, getRequestedFor(urlPathEqualTo("/login")));
    }

    @Test
    void throttledCarriesRetryAfterInSeconds() {
        partnero.stubFor(post("/transactions").willReturn(json(429, "{\"message\":\"Too Many Attempts.\"}")
                .withHeader("Retry-After", "7")));

        PartneroThrottled throttled = assertInstanceOf(PartneroThrottled.class,
                failureOf(client.createTransaction(sale())));

        assertEquals(Optional.of(Duration.ofSeconds(7)), throttled.retryAfter());
        assertEquals(PartneroFailure.Kind.THROTTLED, PartneroFailure.of(throttled).kind());
    }

    @Test
    void throttledWithAnHtmlPageAndGarbageRetryAfterIsStillThrottled() {
        partnero.stubFor(post("/transactions").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "text/html").withHeader("Retry-After", "later")
                .withBodyFile(Fixtures.BAD_GATEWAY_PAGE)));

        PartneroThrottled throttled = assertInstanceOf(PartneroThrottled.class,
                failureOf(client.createTransaction(sale())));

        assertFalse(throttled.retryAfter().isPresent());
    }
}
