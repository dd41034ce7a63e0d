package dev.referral.sidecar.partnero;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.TransactionKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The only door to Partnero. Every call runs under the guard of its operation ({@link PartneroGuards}): reads
 * carry timeout, retry (transport errors, 5xx, 429 only), breaker and bulkhead; writes carry timeout, breaker and
 * bulkhead but no retry: one attempt, the dispatcher decides what happens next, because Partnero does not
 * deduplicate (H1). Failures are {@link PartneroException}s (or fault-tolerance exceptions); {@link PartneroFailure#of}
 * classifies both.
 */
@ApplicationScoped
public class PartneroClient {

    static final String TIMER = "sidecar.partnero.calls";

    private final PartneroApi api;
    private final PartneroGuards guards;
    private final MeterRegistry registry;
    /**
     * The call timers by operation and outcome, registered once each: building and registering one per call (its
     * builder, tags and meter id, hashed and looked up) cost the event loop more than recording it.
     */
    private final Map<PartneroCall, Map<String, Timer>> timers = new EnumMap<>(PartneroCall.class);

    PartneroClient(PartneroApi api, PartneroGuards guards, MeterRegistry registry) {
        this.api = api;
        this.guards = guards;
        this.registry = registry;
        for (PartneroCall operation : PartneroCall.values()) {
            timers.put(operation, new ConcurrentHashMap<>());
        }
    }

    /** {@code POST /customers}: one attempt. Any 2xx is success (H2). */
    public Uni<Customer> createCustomer(NewCustomer body) {
        return call(PartneroCall.CREATE_CUSTOMER, () -> api.createCustomer(body).map(PartneroApi.Envelope::data));
    }

    /** {@code GET /customers/{key}}: a read. 404 fails with {@link PartneroRejected#notFound()}. */
    public Uni<Customer> customer(CustomerKey key) {
        return call(PartneroCall.CUSTOMER, () -> api.customer(key.value()).map(PartneroApi.Envelope::data));
    }

    /** {@code GET /customers/{key}/stats}: {@code data}, opaque. */
    public Uni<JsonNode> stats(CustomerKey key) {
        return call(PartneroCall.STATS, () -> api.stats(key.value()).map(PartneroApi.Envelope::data));
    }

    /** {@code GET /customers/{key}/balance}: {@code data}, opaque. */
    public Uni<JsonNode> balance(CustomerKey key) {
        return call(PartneroCall.BALANCE, () -> api.balance(key.value()).map(PartneroApi.Envelope::data));
    }

    /** {@code GET /customers/{key}/referrals?limit=&page=}. */
    public Uni<ReferralPage> referrals(CustomerKey key, int limit, int page) {
        return call(PartneroCall.REFERRALS, () -> api.referrals(key.value(), limit, page));
    }

    /** {@code POST /customers/{key}/balance/credit}: one attempt; answers {@code data}, opaque. */
    public Uni<JsonNode> credit(CustomerKey key, NewCredit body) {
        return call(PartneroCall.CREDIT, () -> api.credit(key.value(), body).map(PartneroApi.Envelope::data));
    }

    /** {@code POST /transactions}: one attempt, never retried here (H1). */
    public Uni<Transaction> createTransaction(NewTransaction body) {
        return call(PartneroCall.CREATE_TRANSACTION,
                () -> api.createTransaction(body).map(PartneroApi.Envelope::data));
    }

    /** {@code GET /transactions/{tx}}: a read; empty on 404 (used to check an unknown outcome). */
    public Uni<Optional<Transaction>> transaction(TransactionKey key) {
        // Any 2xx means Partnero has it, body or not: reading "no data" as absent would send a purchase twice.
        return call(PartneroCall.TRANSACTION, () -> api.transaction(key.value())
                .map(envelope -> Optional.of(envelope == null || envelope.data() == null
                        ? new Transaction(key.value(), null, null, null, null, null, null, null) : envelope.data()))
                .onFailure(PartneroClient::notFound).recoverWithItem(Optional.empty()));
    }

    /** {@code DELETE /transactions/{tx}} (key in path and body): one attempt; 404 fails as not found. */
    public Uni<Void> deleteTransaction(TransactionKey key) {
        return call(PartneroCall.DELETE_TRANSACTION,
                () -> api.deleteTransaction(key.value(), new PartneroApi.KeyBody(key.value())));
    }

    /** {@code GET /test}: the credential check at start-up; one attempt, {@code data} opaque. */
    public Uni<JsonNode> test() {
        return call(PartneroCall.TEST, () -> api.test().map(PartneroApi.Envelope::data));
    }

    /** One call under its operation's guard. */
    private <T> Uni<T> call(PartneroCall operation, Supplier<Uni<T>> exchange) {
        return guards.guard(operation, () -> attempt(operation, exchange));
    }

    /** One HTTP exchange: transport failures classified, duration recorded per attempt. */
    private <T> Uni<T> attempt(PartneroCall operation, Supplier<Uni<T>> exchange) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return exchange.get()
                    .onFailure(failure -> !(failure instanceof PartneroException))
                    .transform(PartneroClient::transportFailure)
                    .onTermination().invoke((item, failure, cancelled) ->
                            sample.stop(timer(operation, outcome(failure, cancelled))));
        });
    }

    private Timer timer(PartneroCall operation, String outcome) {
        return timers.get(operation).computeIfAbsent(outcome, o -> Timer.builder(TIMER)
                .tag("operation", operation.tag())
                .tag("outcome", o)
                .register(registry));
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof PartneroRejected rejected && rejected.notFound();
    }

    /**
     * Not an HTTP answer. A refused or unresolvable connection surely sent nothing; anything after connecting (reset,
     * read timeout, an unreadable 2xx) may have been processed.
     */
    static PartneroException transportFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PartneroException partnero) {
                return partnero;
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return new PartneroUnavailable(0, false, "connection failed: " + cause.getClass().getSimpleName(),
                        failure);
            }
        }
        return new PartneroUnavailable(0, true, "transport failure: " + failure.getClass().getSimpleName(), failure);
    }

    private static String outcome(Throwable failure, boolean cancelled) {
        if (cancelled) {
            return "cancelled";
        }
        return failure == null ? "success" : PartneroFailure.of(failure).kind().name().toLowerCase(Locale.ROOT);
    }
}
