package dev.referral.sidecar.partnero;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.TransactionKey;
import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.PartneroWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Each call as Partnero documents it: path, headers, body. */
@QuarkusTest
@WithTestResource(PartneroWireMock.class)
class PartneroWireFormatTest extends ClientTestBase {

    @Inject
    ObjectMapper mapper;

    @Test
    void createCustomerPostsTheDocumentedBodyWithBearerAndJsonHeaders() {
        partnero.stubFor(post("/customers").willReturn(okJson(Fixtures.customer("bob_456")).withStatus(201)));

        Customer created = client.createCustomer(new NewCustomer("bob_456", "bob@example.com", "Bob", null,
                new NewCustomer.Metadata("1990-01-31"), new CustomerRef("alice_123"))).await().atMost(WAIT);

        assertEquals("bob_456", created.id());
        assertEquals("https://example.com/?ref=bob_456", created.referralLink());
        partnero.verify(1, postRequestedFor(urlPathEqualTo("/customers"))
                .withHeader("Authorization", equalTo("Bearer " + PartneroWireMock.API_KEY))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"key":"bob_456","email":"bob@example.com","name":"Bob",
                         "metadata":{"date_of_birth":"1990-01-31"},"referring_customer":{"key":"alice_123"}}
                        """)));
    }

    @Test
    void createCustomerAcceptsTwoHundredAsWell() {
        partnero.stubFor(post("/customers").willReturn(okJson(Fixtures.customer("bob_456"))));

        Customer created = client.createCustomer(new NewCustomer("bob_456", null, null, null, null, null))
                .await().atMost(WAIT);

        assertEquals("bob_456", created.id());
        partnero.verify(postRequestedFor(urlPathEqualTo("/customers"))
                .withRequestBody(equalToJson("{\"key\":\"bob_456\"}")));
    }

    @Test
    void keyWithEveryAllowedSpecialCharacterTravelsAsOneSegment() {
        String key = "a.b:c@d-e_f..g";
        partnero.stubFor(get(urlPathEqualTo("/customers/" + key)).willReturn(okJson(Fixtures.customer(key))));

        client.customer(new CustomerKey(key)).await().atMost(WAIT);

        LoggedRequest request = partnero.getAllServeEvents().get(0).getRequest();
        assertEquals("/customers/" + key, request.getUrl());
        assertEquals("Bearer " + PartneroWireMock.API_KEY, request.getHeader("Authorization"));
        assertEquals("application/json", request.getHeader("Accept"));
    }

    @Test
    void statsAndBalanceAnswerTheirDataOpaque() {
        partnero.stubFor(get("/customers/alice_123/stats").willReturn(okJson(Fixtures.stats())));
        partnero.stubFor(get("/customers/alice_123/balance").willReturn(okJson(Fixtures.balance())));

        JsonNode stats = client.stats(new CustomerKey("alice_123")).await().atMost(WAIT);
        JsonNode balance = client.balance(new CustomerKey("alice_123")).await().atMost(WAIT);

        assertEquals(2, stats.get("referrals_count").asInt());
        assertEquals("USD", balance.at("/balance/currency/0/amount_units").asText());
    }

    @Test
    void referralsPassLimitAndPageAsQuery() {
        partnero.stubFor(get(urlPathEqualTo("/customers/alice_123/referrals"))
                .willReturn(okJson(Fixtures.referrals())));

        ReferralPage page = client.referrals(new CustomerKey("alice_123"), 20, 2).await().atMost(WAIT);

        assertEquals(2, page.data().size());
        assertTrue(page.links().get("next").isNull());
        partnero.verify(getRequestedFor(urlPathEqualTo("/customers/alice_123/referrals"))
                .withQueryParam("limit", equalTo("20")).withQueryParam("page", equalTo("2")));
    }

    @Test
    void creditSendsAllThreeFieldsWithANumericAmount() throws Exception {
        partnero.stubFor(post("/customers/alice_123/balance/credit").willReturn(okJson(Fixtures.balance())));

        client.credit(new CustomerKey("alice_123"), new NewCredit(new BigDecimal("10.50"), "usd", true))
                .await().atMost(WAIT);

        JsonNode body = mapper.readTree(partnero.getAllServeEvents().get(0).getRequest().getBodyAsString());
        assertTrue(body.get("amount").isNumber());
        assertEquals(0, new BigDecimal("10.5").compareTo(body.get("amount").decimalValue()));
        assertEquals("usd", body.get("amount_units").asText());
        assertTrue(body.get("is_currency").asBoolean());
    }

    @Test
    void createTransactionSendsAmountAsNumberAndAlwaysTheAction() throws Exception {
        partnero.stubFor(post("/transactions").willReturn(okJson(Fixtures.transaction("invoice_123"))));

        Transaction recorded = client.createTransaction(new NewTransaction(new CustomerRef("bob_456"), "invoice_123",
                new BigDecimal("100.00"), "sale")).await().atMost(WAIT);

        assertEquals("invoice_123", recorded.key());
        LoggedRequest request = partnero.getAllServeEvents().get(0).getRequest();
        assertEquals("application/json", request.getHeader("Content-Type"));
        JsonNode body = mapper.readTree(request.getBodyAsString());
        assertEquals("bob_456", body.at("/customer/key").asText());
        assertEquals("invoice_123", body.get("key").asText());
        assertTrue(body.get("amount").isNumber(), "amount must be a JSON number, was " + body.get("amount"));
        assertEquals(0, new BigDecimal("100").compareTo(body.get("amount").decimalValue()));
        assertEquals("sale", body.get("action").asText());
    }

    @Test
    void transactionIsFoundOrEmptyOnNotFoundWithoutRetry() {
        partnero.stubFor(get("/transactions/invoice_123").willReturn(okJson(Fixtures.transaction("invoice_123"))));
        partnero.stubFor(get("/transactions/invoice_404")
                .willReturn(json(404, Fixtures.notFound("Transaction"))));

        Optional<Transaction> found = client.transaction(new TransactionKey("invoice_123")).await().atMost(WAIT);
        Optional<Transaction> missing = client.transaction(new TransactionKey("invoice_404")).await().atMost(WAIT);

        assertEquals("invoice_123", found.orElseThrow().key());
        assertTrue(missing.isEmpty());
        partnero.verify(1, getRequestedFor(urlPathEqualTo("/transactions/invoice_404")));
    }

    @Test
    void aTransactionAnsweredWithoutDataIsStillFound() {
        partnero.stubFor(get("/transactions/invoice_nodata").willReturn(okJson("{\"status\":1}")));
        partnero.stubFor(get("/transactions/invoice_nulldata").willReturn(okJson("{\"data\":null}")));

        assertTrue(client.transaction(new TransactionKey("invoice_nodata")).await().atMost(WAIT).isPresent());
        assertTrue(client.transaction(new TransactionKey("invoice_nulldata")).await().atMost(WAIT).isPresent());
    }

    @Test
    void deleteTransactionSendsTheKeyInPathAndBody() {
        partnero.stubFor(delete("/transactions/invoice_123").willReturn(okJson(Fixtures.deleted())));

        client.deleteTransaction(new TransactionKey("invoice_123")).await().atMost(WAIT);

        partnero.verify(1, deleteRequestedFor(urlPathEqualTo("/transactions/invoice_123"))
                .withHeader("Authorization", equalTo("Bearer " + PartneroWireMock.API_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"key\":\"invoice_123\"}")));
    }

    @Test
    void credentialCheckCallsTest() {
        partnero.stubFor(get("/test").willReturn(okJson("{\"data\":{\"ok\":true},\"status\":1}")));

        JsonNode data = client.test().await().atMost(WAIT);

        assertTrue(data.get("ok").asBoolean());
        partnero.verify(1, getRequestedFor(urlPathEqualTo("/test"))
                .withHeader("Authorization", equalTo("Bearer " + PartneroWireMock.API_KEY)));
    }
}
