package dev.referral.sidecar.hook;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.partnero.NewCustomer;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.support.StubbedPartneroTest;
import dev.referral.sidecar.support.TestKeys;
import dev.referral.sidecar.support.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** {@code /signup-hook} with a stubbed Partnero: referrer sources, duplicates, unknown referrers, queueing. */
@QuarkusTest
class SignupHookTest extends StubbedPartneroTest {



    @Test
    void aSignupWithAReferralCookieIsCreatedWithThatReferrer() {
        String key = TestKeys.next("bob");
        when(partnero.createCustomer(any())).thenReturn(Upstream.customer(key, "alice_1"));
        given().contentType(ContentType.JSON).header("Cookie", "session=x; partnero_referral=alice_1")
                .body(Map.of("key", key, "email", "bob@example.com", "name", "Bob"))
                .post("/signup-hook").then().statusCode(201)
                .body("key", equalTo(key)).body("referred_by", equalTo("alice_1"))
                .body("status", equalTo("delivered"))
                .body("referral_link", equalTo("http://localhost:3000/?ref=" + key))
                .body("$", not(hasKey("referral_ignored")));
        verify(partnero).createCustomer(argThat((NewCustomer c) -> c.key().equals(key)
                && c.referringCustomer().key().equals("alice_1") && c.email().equals("bob@example.com")));
    }

    @Test
    void aMalformedCookieIsIgnoredAndTheSignupStillGoesThrough() {
        String key = TestKeys.next("carol");
        when(partnero.createCustomer(any())).thenReturn(Upstream.customer(key, null));
        given().contentType(ContentType.JSON).header("Cookie", "partnero_referral=..%2Fadmin")
                .body(Map.of("key", key)).post("/signup-hook").then().statusCode(201)
                .body("referral_ignored", equalTo("malformed")).body("referred_by", nullValue());
        verify(partnero).createCustomer(argThat((NewCustomer c) -> c.key().equals(key)
                && c.referringCustomer() == null));
    }

    @Test
    void anUnknownReferrerIsDroppedOnceAndTheAnswerSaysSo() {
        String key = TestKeys.next("dave");
        when(partnero.createCustomer(argThat(c -> c != null && c.referringCustomer() != null)))
                .thenReturn(Upstream.rejected(422, "referring_customer.key", "The selected referring customer.key is invalid."));
        when(partnero.createCustomer(argThat(c -> c != null && c.referringCustomer() == null)))
                .thenReturn(Upstream.customer(key, null));
        given().contentType(ContentType.JSON).body(Map.of("key", key, "referral_key", "ghost"))
                .post("/signup-hook").then().statusCode(201)
                .body("referral_ignored", equalTo("unknown_referrer")).body("referred_by", nullValue());
        verify(partnero, times(2)).createCustomer(any());
    }

    @Test
    void aDuplicateCustomerUpstreamIsFetchedAndAnswered200() {
        String key = TestKeys.next("erin");
        when(partnero.createCustomer(any())).thenReturn(Upstream.rejected(422, "key", "The key has already been taken."));
        when(partnero.customer(new CustomerKey(key))).thenReturn(Upstream.customer(key, null));
        given().contentType(ContentType.JSON).body(Map.of("key", key)).post("/signup-hook").then().statusCode(200)
                .body("status", equalTo("delivered"))
                .body("referral_link", equalTo("http://localhost:3000/?ref=" + key));
    }

    @Test
    void aCustomerFoundExistingWithTheReferrerSentKeepsItInTheAnswerAndTheRecord() {
        // An earlier attempt created ivy with her referrer and its answer was lost: the retry meets a duplicate.
        String key = TestKeys.next("ivy");
        String referrer = TestKeys.next("alice");
        when(partnero.createCustomer(any())).thenReturn(Upstream.rejected(409, "key", "Customer already exists."));
        when(partnero.customer(new CustomerKey(key))).thenReturn(Upstream.customer(key, referrer));
        when(partnero.customer(new CustomerKey(referrer))).thenReturn(Upstream.customer(referrer, null));
        given().contentType(ContentType.JSON).body(Map.of("key", key, "referral_key", referrer))
                .post("/signup-hook").then().statusCode(200)
                .body("status", equalTo("delivered")).body("referred_by", equalTo(referrer));
        // The customer record (the referrer whose dashboard ivy's purchases change) has it too.
        given().contentType(ContentType.JSON).body(Map.of("key", key)).post("/signup-hook").then().statusCode(200)
                .body("referred_by", equalTo(referrer));
        verify(partnero, times(1)).createCustomer(any());
    }

    @Test
    void aCustomerFoundExistingWithAnotherOrNoReferrerIsNotReportedAsReferred() {
        String other = TestKeys.next("jill");
        String none = TestKeys.next("kate");
        String referrer = TestKeys.next("alice");
        when(partnero.createCustomer(any())).thenReturn(Upstream.rejected(409, "key", "Customer already exists."));
        when(partnero.customer(new CustomerKey(other))).thenReturn(Upstream.customer(other, "someone_else"));
        when(partnero.customer(new CustomerKey(none))).thenReturn(Upstream.customer(none, null));
        when(partnero.customer(new CustomerKey(referrer))).thenReturn(Upstream.customer(referrer, null));
        for (String key : new String[] {other, none}) {
            given().contentType(ContentType.JSON).body(Map.of("key", key, "referral_key", referrer))
                    .post("/signup-hook").then().statusCode(200)
                    .body("status", equalTo("delivered")).body("referred_by", nullValue());
        }
        // Without a referring customer there is nothing to compare: the referrer is not even looked up for kate.
        verify(partnero, times(1)).customer(new CustomerKey(referrer));
    }

    @Test
    void aTakenEmailIsARealRejection() {
        String key = TestKeys.next("frank");
        when(partnero.createCustomer(any()))
                .thenReturn(Upstream.rejected(422, "email", "The email has already been taken."));
        given().contentType(ContentType.JSON).body(Map.of("key", key, "email", "frank@example.com"))
                .post("/signup-hook").then().statusCode(422)
                .body("type", equalTo("/problems/partnero-rejected"))
                .body("errors[0].field", equalTo("email"))
                .body(not(org.hamcrest.Matchers.containsString("frank@example.com")));
        verify(partnero, never()).customer(any());
    }

    @Test
    void aRepeatedSignupIsAnsweredFromTheStoreWithoutCallingPartneroAgain() {
        String key = TestKeys.next("gina");
        when(partnero.createCustomer(any())).thenReturn(Upstream.customer(key, null));
        given().contentType(ContentType.JSON).body(Map.of("key", key)).post("/signup-hook").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("key", key, "name", "Changed"))
                .post("/signup-hook").then().statusCode(200)
                .body("referral_link", equalTo("http://localhost:3000/?ref=" + key));
        verify(partnero, times(1)).createCustomer(any());
    }

    @Test
    void whilePartneroIsDownTheSignupIsQueuedAndItsPurchaseWaitsBehindIt() {
        String key = TestKeys.next("hank");
        String invoice = TestKeys.next("inv");
        when(partnero.createCustomer(any())).thenReturn(Upstream.down(), Upstream.down(),
                Upstream.customer(key, null));
        when(partnero.createTransaction(any())).thenReturn(Upstream.transaction(invoice));
        given().contentType(ContentType.JSON).body(Map.of("key", key)).post("/signup-hook").then().statusCode(202)
                .body("status", equalTo("queued"));
        given().contentType(ContentType.JSON).body(Map.of("customer_key", key, "key", invoice, "amount", 10))
                .post("/purchase-hook").then().statusCode(202);
        await().atMost(20, SECONDS).until(() -> rows.state("PURCHASE", invoice).equals("DELIVERED"));
        var order = inOrder(partnero);
        order.verify(partnero, times(3)).createCustomer(any());
        order.verify(partnero).createTransaction(any());
    }

    @Test
    void invalidSignupsListEveryBadField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("key", "a/b", "email", "not-an-email", "metadata", Map.of("date_of_birth", "1990-02-30")))
                .post("/signup-hook").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("key", "email", "metadata.date_of_birth"))
                .body(not(org.hamcrest.Matchers.containsString("not-an-email")));
        verify(partnero, never()).createCustomer(any());
    }

    @Test
    void aMissingKeyOrAWrongShapeIs400() {
        given().contentType(ContentType.JSON).body("{}").post("/signup-hook").then().statusCode(400)
                .body("errors[0].field", equalTo("key"));
        given().contentType(ContentType.JSON).body("[]").post("/signup-hook").then().statusCode(400);
        given().contentType(ContentType.JSON).body("null").post("/signup-hook").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"key\":").post("/signup-hook").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.TEXT).body("key=x").post("/signup-hook").then().statusCode(415)
                .body("type", equalTo("/problems/unsupported-media-type"));
    }

    @Test
    void aChunkedBodyOver64KibIs413Too() {
        byte[] big = ("{\"key\":\"k\",\"name\":\"" + "a".repeat(70_000) + "\"}").getBytes();
        given().contentType(ContentType.JSON)
                .body(new java.io.ByteArrayInputStream(big))
                .post("/signup-hook").then().statusCode(413).body("type", equalTo("/problems/too-large"));
        verify(partnero, never()).createCustomer(any());
    }

    @Test
    void aBodyOver64KibIs413() {
        given().contentType(ContentType.JSON).body("{\"key\":\"" + "a".repeat(70_000) + "\"}")
                .post("/signup-hook").then().statusCode(413).body("type", equalTo("/problems/too-large"));
    }
}
