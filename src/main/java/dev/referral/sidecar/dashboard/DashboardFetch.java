package dev.referral.sidecar.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import dev.referral.sidecar.config.DashboardConfig;
import dev.referral.sidecar.partnero.Customer;
import dev.referral.sidecar.partnero.PartneroClient;
import dev.referral.sidecar.partnero.PartneroFailure;
import dev.referral.sidecar.partnero.PartneroRejected;
import dev.referral.sidecar.partnero.PartneroUnavailable;
import dev.referral.sidecar.partnero.ReferralPage;
import dev.referral.sidecar.referral.CustomerKey;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The four upstream reads of one dashboard answer, in parallel, each cut at the dashboard budget, so the answer takes
 * about as long as the slowest read and never longer than the budget. The customer is required: its failure fails
 * the fetch. Stats, balance and referrals are optional: a failed one comes back empty.
 */
@ApplicationScoped
class DashboardFetch {

    /** The reads' results; an empty part failed. */
    record Fetched(Customer customer, Optional<JsonNode> stats, Optional<JsonNode> balance,
            Optional<ReferralPage> referrals, Instant at) {
    }

    private final PartneroClient partnero;
    private final Duration budget;
    private final Clock clock;

    DashboardFetch(PartneroClient partnero, DashboardConfig config, Clock clock) {
        this.partnero = partnero;
        this.budget = config.budget();
        this.clock = clock;
    }

    /**
     * @param partneroId Partnero's id for the customer when the sign-up record has one that differs from the key:
     *                   a read that 404s by key is tried once more with it (PARTNERO.md H3)
     */
    Uni<Fetched> fetch(CustomerKey key, Optional<CustomerKey> partneroId, int limit, int page) {
        Instant at = clock.instant();
        Uni<JsonNode> stats = byKeyOrId(key, partneroId, partnero::stats).map(DashboardFetch::nullSafe);
        Uni<JsonNode> balance = byKeyOrId(key, partneroId, partnero::balance).map(DashboardFetch::balanceOnly);
        Uni<ReferralPage> referrals = byKeyOrId(key, partneroId, k -> partnero.referrals(k, limit, page));
        Uni<Customer> customer = byKeyOrId(key, partneroId, partnero::customer).onItem().ifNull()
                .failWith(() -> new PartneroUnavailable(200, true, "customer answer without data", null));
        return Uni.combine().all()
                .unis(withinBudget(customer),
                        part(DashboardView.STATS, stats), part(DashboardView.BALANCE, balance),
                        part(DashboardView.REFERRALS, referrals))
                .asTuple()
                .map(t -> new Fetched(t.getItem1(), t.getItem2(), t.getItem3(), t.getItem4(), at));
    }

    private static <T> Uni<T> byKeyOrId(CustomerKey key, Optional<CustomerKey> partneroId,
            Function<CustomerKey, Uni<T>> read) {
        Uni<T> byKey = read.apply(key);
        return partneroId.map(id -> byKey.onFailure(DashboardFetch::notFound).recoverWithUni(() -> read.apply(id)))
                .orElse(byKey);
    }

    /** An optional part: a failure (budget included) becomes an empty part, named in {@code missing} later. */
    private <T> Uni<Optional<T>> part(String name, Uni<T> read) {
        return withinBudget(read).map(Optional::ofNullable).onFailure().recoverWithItem(failure -> {
            Log.debugf("Dashboard part %s missing: %s", name, PartneroFailure.of(failure).kind());
            return Optional.empty();
        });
    }

    private <T> Uni<T> withinBudget(Uni<T> read) {
        return read.ifNoItem().after(budget).fail();
    }

    static boolean notFound(Throwable failure) {
        return failure instanceof PartneroRejected rejected && rejected.notFound();
    }

    /**
     * Partnero's balance {@code data} is {@code {customer, balance}}; only {@code balance} is the customer's reward
     * balance (kept opaque), the {@code customer} copy would repeat the profile, email included. A {@code data} of
     * another shape is passed on as it is, but never its {@code customer}.
     */
    private static JsonNode balanceOnly(JsonNode data) {
        if (data != null && data.path("balance").isObject()) {
            return data.get("balance");
        }
        if (data instanceof com.fasterxml.jackson.databind.node.ObjectNode object && object.has("customer")) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = object.deepCopy();
            copy.remove("customer");
            return copy;
        }
        return nullSafe(data);
    }

    /** Partnero's {@code "data": null} is an answer, not a missing part. */
    private static JsonNode nullSafe(JsonNode data) {
        return data == null ? NullNode.getInstance() : data;
    }
}
