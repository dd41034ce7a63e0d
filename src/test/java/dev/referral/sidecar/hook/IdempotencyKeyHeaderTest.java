package dev.referral.sidecar.hook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;

/** The Idempotency-Key header is an alias of the body's key on the purchase (single) and credit hooks. */
@QuarkusTest
class IdempotencyKeyHeaderTest extends StubbedPartneroTest {

    @Test
    void aPurchaseKeyGivenOnlyInTheHeaderIsTheIdempotencyKey() {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(key));
        purchase(key, null).then().statusCode(201).body("transactions[0].key", equalTo(key));
        purchase(key, null).then().statusCode(200).body("transactions[0].status", equalTo("duplicate"));
        purchase(null, key).then().statusCode(200).body("transactions[0].status", equalTo("duplicate"));
        verify(partnero, times(1)).createTransaction(argThat(t -> t.key().equals(key)));
    }

    @Test
    void aPurchaseKeyGivenOnlyInTheBodyOrEqualInBothIsOneRequest() {
        String key = TestKeys.next("inv");
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(key));
        purchase(null, key).then().statusCode(201);
        purchase(key, key).then().statusCode(200).body("transactions[0].status", equalTo("duplicate"));
        purchase("\"" + key + "\"", key).then().statusCode(200);
        verify(partnero, times(1)).createTransaction(argThat(t -> t.key().equals(key)));
    }

    @Test
    void aPurchaseWhoseHeaderAndBodyKeysDifferIsRefusedNamingTheField() {
        String key = TestKeys.next("inv");
        purchase(key + "x", key).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("/problems/validation")).body("errors.field", contains("key"));
        verify(partnero, never()).createTransaction(any());
    }

    @Test
    void anInvalidHeaderOrAHeaderOnABatchIsRefused() {
        purchase(".bad/key", null).then().statusCode(400).body("errors.field", contains("Idempotency-Key"));
        given().contentType(ContentType.JSON).header("Idempotency-Key", TestKeys.next("inv"))
                .body(Map.of("customer_key", "buyer_h", "transactions",
                        List.of(Map.of("key", TestKeys.next("inv"), "amount", 1))))
                .post("/purchase-hook").then().statusCode(400).body("errors.field", contains("Idempotency-Key"));
        verify(partnero, never()).createTransaction(any());
    }

    @Test
    void aPurchaseWithNeitherKeyStillNamesTheBodyField() {
        purchase(null, null).then().statusCode(400).body("errors.field", contains("key"));
    }

    @Test
    void aCreditKeyInTheHeaderTheBodyOrBothEqualIsOneCredit() {
        String key = TestKeys.next("bonus");
        when(partnero.credit(any(), any())).thenReturn(Uni.createFrom().item(JsonNodeFactory.instance.objectNode()));
        credit(key, null).then().statusCode(201).body("idempotency_key", equalTo(key));
        credit(null, key).then().statusCode(200).body("status", equalTo("duplicate"));
        credit(key, key).then().statusCode(200).body("status", equalTo("duplicate"));
        verify(partnero, times(1)).credit(any(), any());
    }

    @Test
    void aCreditWhoseHeaderAndBodyKeysDifferOrWhoseHeaderIsInvalidIsRefused() {
        String key = TestKeys.next("bonus");
        credit(key + "x", key).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("idempotency_key"));
        credit("not a key", null).then().statusCode(400).body("errors.field", contains("Idempotency-Key"));
        credit(null, null).then().statusCode(400).body("errors.field", contains("idempotency_key"));
        verify(partnero, never()).credit(any(), any());
    }

    private static io.restassured.response.Response purchase(String header, String bodyKey) {
        Map<String, Object> body = new HashMap<>(Map.of("customer_key", "buyer_h", "amount", 100));
        if (bodyKey != null) {
            body.put("key", bodyKey);
        }
        return withHeader(header).body(body).post("/purchase-hook");
    }

    private static io.restassured.response.Response credit(String header, String bodyKey) {
        Map<String, Object> body = new HashMap<>(Map.of("amount", 10, "amount_units", "usd", "is_currency", true));
        if (bodyKey != null) {
            body.put("idempotency_key", bodyKey);
        }
        return withHeader(header).body(body).post("/referrals/alice_h/credit");
    }

    private static RequestSpecification withHeader(String header) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        return header == null ? request : request.header("Idempotency-Key", header);
    }
}
