package dev.referral.sidecar.partnero;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.referral.sidecar.config.DashboardConfig;
import dev.referral.sidecar.config.PartneroConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The fault-tolerance policies of {@link PartneroClient}, each defined once from {@link PartneroConfig}: the read
 * policy (deadline per attempt, retry of what is safe to retry, breaker, bulkhead) and the write policy (one attempt
 * with a deadline, breaker, bulkhead: the dispatcher decides what follows, because Partnero does not deduplicate,
 * H1). Each operation gets its own guard built from its policy, so its own breaker ({@code partnero-<operation>},
 * watched by {@link BreakerWatch}) and bulkhead: one failing operation never stops the others. SmallRye applies
 * retry around breaker around timeout around bulkhead, so each attempt has its own deadline and counts toward the
 * breaker. A 4xx means Partnero works, so no breaker counts it. Built at start-up, so that a bulkhead configured
 * with no place stops the start instead of failing every call.
 */
@Startup
@ApplicationScoped
class PartneroGuards {

    private static final List<Class<? extends Throwable>> PARTNERO_WORKS = List.of(PartneroRejected.class,
            PartneroUnauthorized.class);

    private final Map<PartneroCall, Guard> guards = new EnumMap<>(PartneroCall.class);

    PartneroGuards(PartneroConfig config, DashboardConfig dashboard, BreakerWatch watch) {
        atLeastOne("SIDECAR_PARTNERO_READS_BULKHEAD", config.reads().bulkhead());
        atLeastOne("SIDECAR_PARTNERO_READS_BULKHEAD_QUEUE", config.reads().bulkheadQueue());
        atLeastOne("SIDECAR_PARTNERO_WRITES_BULKHEAD", config.writes().bulkhead());
        atLeastOne("SIDECAR_PARTNERO_WRITES_BULKHEAD_QUEUE", config.writes().bulkheadQueue());
        // A read may wait out a Retry-After of at most half its budget, leaving the other half for the retry.
        Duration readWait = dashboard.budget().dividedBy(2);
        for (PartneroCall call : PartneroCall.values()) {
            guards.put(call, switch (call.policy()) {
                case READ -> read(call, config.reads(), readWait, watch);
                case WRITE -> write(call, config.writes(), watch);
                case CHECK -> check(config.writes());
            });
        }
        watch.guarded();
    }

    /** SmallRye refuses a bulkhead or a queue of none: say so at start, not at the first call to Partnero. */
    private static void atLeastOne(String variable, int value) {
        if (value < 1) {
            throw new IllegalStateException(variable + " must be at least 1, was " + value);
        }
    }

    /** {@code call}, guarded by the guard of {@code operation}. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    <T> Uni<T> guard(PartneroCall operation, Supplier<Uni<T>> call) {
        // Guard types the action by its raw class (Uni: asynchronous, not offloaded); the item type is the call's.
        return guards.get(operation).get((Supplier<Uni>) (Supplier) call, Uni.class);
    }

    /** The read policy. */
    private static Guard read(PartneroCall call, PartneroConfig.Reads policy, Duration maxWait, BreakerWatch watch) {
        return Guard.create()
                .withDescription("Partnero " + call.tag())
                .withRetry()
                .maxRetries(policy.maxRetries())
                .delay(policy.retryDelay().toMillis(), ChronoUnit.MILLIS)
                .maxDuration(policy.retryMaxDuration().toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .whenException(ReadRetry.when(maxWait))
                .withCustomBackoff().strategy(ReadRetry.Backoff::new).done()
                .done()
                .with(builder -> breaker(builder, call, policy.breaker(), watch))
                .withTimeout().duration(policy.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withBulkhead().limit(policy.bulkhead()).queueSize(policy.bulkheadQueue()).done()
                .build();
    }

    /** The write policy: no retry. */
    private static Guard write(PartneroCall call, PartneroConfig.Writes policy, BreakerWatch watch) {
        return Guard.create()
                .withDescription("Partnero " + call.tag())
                .with(builder -> breaker(builder, call, policy.breaker(), watch))
                .withTimeout().duration(policy.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withBulkhead().limit(policy.bulkhead()).queueSize(policy.bulkheadQueue()).done()
                .build();
    }

    /** The credential check: one attempt within the writes' deadline, never counted by a breaker. */
    private static Guard check(PartneroConfig.Writes policy) {
        return Guard.create()
                .withDescription("Partnero " + PartneroCall.TEST.tag())
                .withTimeout().duration(policy.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }

    private static void breaker(Guard.Builder builder, PartneroCall call, PartneroConfig.Breaker breaker,
            BreakerWatch watch) {
        builder.withCircuitBreaker()
                .name(call.breaker().orElseThrow())
                .requestVolumeThreshold(breaker.requestVolumeThreshold())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(breaker.successThreshold())
                .skipOn(PARTNERO_WORKS)
                .onStateChange(watch.listener(call, breaker.delay()))
                .done();
    }
}
