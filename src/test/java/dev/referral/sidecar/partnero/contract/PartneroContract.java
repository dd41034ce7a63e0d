package dev.referral.sidecar.partnero.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.time.Duration;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.referral.sidecar.partnero.CustomerRef;
import dev.referral.sidecar.partnero.NewCustomer;
import dev.referral.sidecar.partnero.NewTransaction;
import dev.referral.sidecar.partnero.PartneroClient;
import dev.referral.sidecar.partnero.PartneroRejected;
import dev.referral.sidecar.partnero.PartneroThrottled;
import dev.referral.sidecar.partnero.PartneroUnavailable;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.TransactionKey;
import dev.referral.sidecar.support.TestKeys;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * One suite, two targets: what the sidecar believes about Partnero, checked through {@link PartneroClient} against
 * WireMock stubs written from Partnero's documentation and against the sandbox emulator. If the emulator drifts
 * from the documented behaviour (or the stubs from the emulator), one of the two runs fails.
 */
abstract class PartneroContract {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    PartneroClient client;

    @Inject
    CircuitBreakerMaintenance breakers;

    abstract ContractTarget target();

    @BeforeEach
    void reset() {
        target().reset();
    }

    @AfterEach
    void closeBreakers() {
        breakers.resetAll();
    }

    @Test
    void aCreatedCustomerComesBackWithItsReferralLinkAndIsFoundByKey() {
        String key = TestKeys.next("alice");
        target().customerCanBeCreated(key);
        var created = client.createCustomer(customer(key, null)).await().atMost(WAIT);
        assertNotNull(created.id());
        assertTrue(created.referralLink().endsWith("ref=" + key), created.referralLink());
        assertEquals(created.id(), client.customer(new CustomerKey(key)).await().atMost(WAIT).id());
    }

    @Test
    void aDuplicateCustomerIsA422NamingTheKey() {
        String key = TestKeys.next("dup");
        target().customerExists(key);
        PartneroRejected rejected = rejection(client.createCustomer(customer(key, null)));
        assertEquals(422, rejected.status());
        assertTrue(rejected.errors().containsKey("key"), rejected.errors().toString());
    }

    @Test
    void anUnknownReferrerIsA422NamingOnlyTheReferrer() {
        String key = TestKeys.next("bob");
        String ghost = TestKeys.next("ghost");
        target().referrerUnknown(key, ghost);
        PartneroRejected rejected = rejection(client.createCustomer(customer(key, ghost)));
        assertEquals(422, rejected.status());
        assertTrue(rejected.onlyFieldsUnder("referring_customer"), rejected.errors().toString());
    }

    @Test
    void anUnknownCustomerIsA404() {
        String key = TestKeys.next("nobody");
        target().customerUnknown(key);
        assertTrue(rejection(client.customer(new CustomerKey(key))).notFound());
    }

    @Test
    void aRecordedTransactionIsFoundByKeyAndAnUnknownOneIsNot() {
        String buyer = TestKeys.next("buyer");
        String key = TestKeys.next("inv");
        String unknown = TestKeys.next("inv");
        target().transactionCanBeRecorded(buyer, key);
        target().transactionUnknown(unknown);
        client.createTransaction(new NewTransaction(new CustomerRef(buyer), key, new BigDecimal("100"), "sale"))
                .await().atMost(WAIT);
        assertTrue(client.transaction(new TransactionKey(key)).await().atMost(WAIT).isPresent());
        assertFalse(client.transaction(new TransactionKey(unknown)).await().atMost(WAIT).isPresent());
        assertTrue(rejection(client.deleteTransaction(new TransactionKey(unknown))).notFound());
    }

    @Test
    void readsRetryA503AndSucceed() {
        String key = TestKeys.next("alice");
        target().customerExists(key);
        target().fail("GET", "/customers/" + key, 503, 2);
        client.customer(new CustomerKey(key)).await().atMost(WAIT);
        assertEquals(3, target().requests("GET", "/customers/" + key));
    }

    @Test
    void readsWaitOutRetryAfterBeforeTheRetry() {
        String key = TestKeys.next("alice");
        target().customerExists(key);
        target().throttle("GET", "/customers/" + key, 1, 1);
        long start = System.nanoTime();
        client.customer(new CustomerKey(key)).await().atMost(WAIT);
        assertTrue(System.nanoTime() - start >= 1_000_000_000L, "retried sooner than Retry-After");
        assertEquals(2, target().requests("GET", "/customers/" + key));
    }

    @Test
    void aWriteIsOneAttemptEvenOnA503() {
        String buyer = TestKeys.next("buyer");
        String key = TestKeys.next("inv");
        target().transactionCanBeRecorded(buyer, key);
        target().fail("POST", "/transactions", 503, 1);
        Throwable failure = failureOf(client.createTransaction(
                new NewTransaction(new CustomerRef(buyer), key, BigDecimal.TEN, "sale")));
        assertInstanceOf(PartneroUnavailable.class, failure);
        assertEquals(1, target().requests("POST", "/transactions"));
    }

    @Test
    void a429OnAWriteCarriesItsRetryAfter() {
        String buyer = TestKeys.next("buyer");
        String key = TestKeys.next("inv");
        target().transactionCanBeRecorded(buyer, key);
        target().throttle("POST", "/transactions", 7, 1);
        Throwable failure = failureOf(client.createTransaction(
                new NewTransaction(new CustomerRef(buyer), key, BigDecimal.TEN, "sale")));
        assertEquals(Duration.ofSeconds(7), assertInstanceOf(PartneroThrottled.class, failure).retryAfter().orElseThrow());
    }

    @Test
    void repeatedFailuresOpenTheBreakerWhichThenFailsFast() {
        String key = TestKeys.next("carol");
        target().fail("POST", "/customers", 500, 1000);
        for (int i = 0; i < 20; i++) {
            failureOf(client.createCustomer(customer(key, null)));
        }
        assertInstanceOf(CircuitBreakerOpenException.class, failureOf(client.createCustomer(customer(key, null))));
        assertEquals(20, target().requests("POST", "/customers"));
    }

    static NewCustomer customer(String key, String referrer) {
        return new NewCustomer(key, key + "@example.com", "Name", null, null,
                referrer == null ? null : new CustomerRef(referrer));
    }

    private static PartneroRejected rejection(Uni<?> call) {
        return assertInstanceOf(PartneroRejected.class, failureOf(call));
    }

    private static Throwable failureOf(Uni<?> call) {
        try {
            call.await().atMost(WAIT);
        } catch (RuntimeException e) {
            return e;
        }
        return fail("expected the call to fail");
    }
}
