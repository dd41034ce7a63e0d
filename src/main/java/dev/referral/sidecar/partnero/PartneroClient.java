package dev.referral.sidecar.partnero;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.TransactionKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The only door to Partnero. Reads carry timeout, retry (transport errors, 5xx, 429 only), breaker and bulkhead;
 * writes carry timeout, breaker and bulkhead but no retry: one attempt, the dispatcher decides what happens next,
 * because Partnero does not deduplicate (H1). Failures are {@link PartneroException}s (or fault-tolerance
 * exceptions); {@link PartneroFailure#of} classifies both.
 */
@ApplicationScoped
public class PartneroClient {

    /** {@code POST /customers}: one attempt. Any 2xx is success (H2). */
    public Uni<Customer> createCustomer(NewCustomer body) {
        throw new IllegalStateException("pending");
    }

    /** {@code GET /customers/{key}}: a read. 404 fails with {@link PartneroRejected#notFound()}. */
    public Uni<Customer> customer(CustomerKey key) {
        throw new IllegalStateException("pending");
    }

    /** {@code GET /customers/{key}/stats}: {@code data}, opaque. */
    public Uni<JsonNode> stats(CustomerKey key) {
        throw new IllegalStateException("pending");
    }

    /** {@code GET /customers/{key}/balance}: {@code data}, opaque. */
    public Uni<JsonNode> balance(CustomerKey key) {
        throw new IllegalStateException("pending");
    }

    /** {@code GET /customers/{key}/referrals?limit=&page=}. */
    public Uni<ReferralPage> referrals(CustomerKey key, int limit, int page) {
        throw new IllegalStateException("pending");
    }

    /** {@code POST /customers/{key}/balance/credit}: one attempt; answers {@code data}, opaque. */
    public Uni<JsonNode> credit(CustomerKey key, NewCredit body) {
        throw new IllegalStateException("pending");
    }

    /** {@code POST /transactions}: one attempt, never retried here (H1). */
    public Uni<Transaction> createTransaction(NewTransaction body) {
        throw new IllegalStateException("pending");
    }

    /** {@code GET /transactions/{tx}}: a read; empty on 404 (used to check an unknown outcome). */
    public Uni<Optional<Transaction>> transaction(TransactionKey key) {
        throw new IllegalStateException("pending");
    }

    /** {@code DELETE /transactions/{tx}} (key in path and body): one attempt; 404 fails as not found. */
    public Uni<Void> deleteTransaction(TransactionKey key) {
        throw new IllegalStateException("pending");
    }
}
