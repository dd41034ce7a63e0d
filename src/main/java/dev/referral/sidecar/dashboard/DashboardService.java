package dev.referral.sidecar.dashboard;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.delivery.Delivery;
import dev.referral.sidecar.delivery.SignupRecord;
import dev.referral.sidecar.partnero.PartneroThrottled;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.KeyRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One dashboard answer (DESIGN.md "GET /referrals/{key}", "Dashboard cache"): a fresh cached answer if there is one;
 * {@code pending} while the customer's sign-up is queued; else the four parts fetched in parallel. A complete answer
 * is cached; a partial one is not. When Partnero cannot give the customer, the last complete answer is served stale,
 * or, with none kept, 503. Every answer is counted in {@code sidecar.dashboard.answers{freshness}}.
 */
@ApplicationScoped
public class DashboardService {

    static final String ANSWERS = "sidecar.dashboard.answers";

    /** How an answer was made: the {@code freshness} tag. */
    enum Freshness { FRESH, CACHED, STALE, PARTIAL }

    /**
     * One answer, serialised once, and how it was made, shared by every caller that missed the same view while it was
     * fetched. {@code freshness} is null for a pending answer, which is not counted.
     */
    record Answer(Freshness freshness, byte[] json) {
    }

    private final DashboardFetch fetch;
    private final DashboardCache cache;
    private final Delivery delivery;
    private final Duration defaultRetryAfter;
    private final ObjectWriter json;
    private final Map<Freshness, Counter> answers = new EnumMap<>(Freshness.class);

    DashboardService(DashboardFetch fetch, DashboardCache cache, Delivery delivery, DeliveryConfig deliveryConfig,
            MeterRegistry registry, ObjectMapper mapper) {
        this.fetch = fetch;
        this.cache = cache;
        this.delivery = delivery;
        this.defaultRetryAfter = deliveryConfig.defaultRetryAfter();
        // The REST layer's own mapper: the same JSON it would write for a DashboardView.
        this.json = mapper.writerFor(DashboardView.class);
        for (Freshness freshness : Freshness.values()) {
            answers.put(freshness, registry.counter(ANSWERS, "freshness", freshness.name().toLowerCase(Locale.ROOT)));
        }
    }

    /** The answer's JSON body. A hit is the cached body as it is: nothing is serialised or looked up but the entry. */
    public Uni<byte[]> view(CustomerKey key, int limit, int page) {
        DashboardCache.ViewKey id = new DashboardCache.ViewKey(key, limit, page);
        byte[] cached = cache.fresh(id);
        if (cached != null) {
            answers.get(Freshness.CACHED).increment();
            return Uni.createFrom().item(cached);
        }
        // Callers that miss the same view at once (16 clients when a popular answer expires) share one fetch.
        return onCallersContext(cache.shared(id, () -> answer(id))).map(this::counted);
    }

    private Uni<Answer> answer(DashboardCache.ViewKey id) {
        CustomerKey key = id.customer();
        DashboardCache.Stamp began = cache.stamp(key);
        Uni<Optional<SignupRecord>> signup = delivery.knownSignupRecord(key).map(r -> Uni.createFrom().item(r))
                .orElseGet(() -> signup(key));
        return signup.flatMap(record -> record.filter(SignupRecord::pending).isPresent()
                ? Uni.createFrom().item(new Answer(null, serialised(DashboardView.pending(key))))
                : fetch.fetch(key, partneroId(key, record), id.limit(), id.page())
                        .map(fetched -> fetched(id, began, DashboardView.of(key, fetched)))
                        .onFailure().recoverWithUni(failure -> fallback(id, failure)));
    }

    /**
     * The sign-up record is not in memory: read it from the store off the event loop, then come back to the caller's
     * event loop, so the reads that follow do not hold (or run on) a worker thread.
     */
    private Uni<Optional<SignupRecord>> signup(CustomerKey key) {
        return onCallersContext(Uni.createFrom().item(() -> delivery.signupRecord(key))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /** {@code uni}'s outcome, delivered on the Vert.x context of the caller (its event loop), if it has one. */
    private static <T> Uni<T> onCallersContext(Uni<T> uni) {
        Context caller = Vertx.currentContext();
        return caller == null ? uni : uni.emitOn(task -> caller.runOnContext(v -> task.run()));
    }

    /** Partnero's id for the customer when it differs from the key and fits in a path segment (H3). */
    private static Optional<CustomerKey> partneroId(CustomerKey key, Optional<SignupRecord> record) {
        return record.flatMap(SignupRecord::partneroId)
                .filter(id -> !id.equals(key.value()) && KeyRule.valid(id))
                .map(CustomerKey::new);
    }

    private Answer fetched(DashboardCache.ViewKey id, DashboardCache.Stamp began, DashboardView view) {
        byte[] body = serialised(view);
        if (!view.complete()) {
            return new Answer(Freshness.PARTIAL, body);
        }
        cache.store(id, began, view, body);
        return new Answer(Freshness.FRESH, body);
    }

    /** The customer could not be read: unknown is 404; otherwise the stale copy, or 503 when none is kept. */
    private Uni<Answer> fallback(DashboardCache.ViewKey id, Throwable failure) {
        if (DashboardFetch.notFound(failure)) {
            return Uni.createFrom().failure(new CustomerNotFound());
        }
        return cache.stale(id).map(view -> Uni.createFrom().item(new Answer(Freshness.STALE, serialised(view))))
                .orElseGet(() -> Uni.createFrom().failure(new DashboardUnavailable(retryAfter(failure))));
    }

    private Duration retryAfter(Throwable failure) {
        return failure instanceof PartneroThrottled throttled ? throttled.retryAfter().orElse(defaultRetryAfter)
                : defaultRetryAfter;
    }

    /** A shared answer, counted once per caller (a pending one is not counted). */
    private byte[] counted(Answer answer) {
        if (answer.freshness() != null) {
            answers.get(answer.freshness()).increment();
        }
        return answer.json();
    }

    private byte[] serialised(DashboardView view) {
        try {
            return json.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            // A record of strings, numbers and JSON trees: this would be a bug, not bad input.
            throw new IllegalStateException("Cannot serialise a dashboard answer", e);
        }
    }
}
