package dev.referral.sidecar.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.partnero.BreakerWatch;
import dev.referral.sidecar.partnero.WriteBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * One gate for all writes to Partnero in this replica. A 429 closes it until its {@code Retry-After} has passed
 * (default pause when absent or garbage, capped); a 401/403 closes it for the unauthorized pause, because the key
 * is wrong for every write alike; an open write circuit breaker closes it for the breaker's delay, after which it
 * lets one write at a time probe until the breaker has closed again. Relays to the application do not pass through
 * it. It also knows how long writes have been waiting for an unavailable Partnero.
 */
@ApplicationScoped
public class WriteGate {

    /** Why writes are paused: the {@code reason} tag of {@code sidecar.delivery.paused}. */
    enum Pause { RATE_LIMITED, UNAUTHORIZED, BREAKER_OPEN }

    private final Clock clock;
    private final DeliveryConfig config;
    private final Map<Pause, AtomicReference<Instant>> closedUntil = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreakerState> breakers = new ConcurrentHashMap<>();
    private final AtomicBoolean keyRefused = new AtomicBoolean();
    private final AtomicReference<Instant> unavailableSince = new AtomicReference<>();
    private final AtomicReference<Instant> lastAccepted = new AtomicReference<>(Instant.EPOCH);
    private final MeterRegistry registry;
    private final BreakerWatch watch;
    private final java.util.List<Gauge> gauges = new java.util.ArrayList<>();

    WriteGate(Clock clock, DeliveryConfig config, MeterRegistry registry, BreakerWatch watch) {
        this.clock = clock;
        this.config = config;
        this.registry = registry;
        this.watch = watch;
        for (Pause pause : Pause.values()) {
            closedUntil.put(pause, new AtomicReference<>(Instant.EPOCH));
            gauges.add(Gauge.builder("sidecar.delivery.paused", this, g -> g.closed(pause) ? 1 : 0)
                    .tag("reason", pause.name().toLowerCase(java.util.Locale.ROOT))
                    .description("1 while writes to Partnero are paused: by a 429, a refused key or an open breaker")
                    .register(registry));
        }
        gauges.add(Gauge.builder("sidecar.partnero.key.refused", keyRefused, b -> b.get() ? 1 : 0)
                .description("1 while Partnero refuses the API key (401/403): all writes are paused")
                .register(registry));
        gauges.add(Gauge.builder("sidecar.delivery.waiting", this, WriteGate::waitingSeconds).baseUnit("seconds")
                .description("How long writes have been waiting for an unavailable Partnero (0 when none is)")
                .register(registry));
    }

    /** A registry can outlive this bean (tests restart the application in one JVM): leave no stale gauge. */
    @PreDestroy
    void unregister() {
        gauges.forEach(registry::remove);
    }

    /** Writes may go, all of them (no pause, no breaker probing). */
    public boolean open() {
        return !paused() && breakersClosed();
    }

    /**
     * True when no write breaker is open or being probed. A breaker reset by hand (no event) counts as closed once
     * its state says so.
     */
    private boolean breakersClosed() {
        breakers.replaceAll((operation, state) -> state == CircuitBreakerState.CLOSED
                || watch.state(operation) == CircuitBreakerState.CLOSED ? CircuitBreakerState.CLOSED : state);
        return breakers.values().stream().allMatch(s -> s == CircuitBreakerState.CLOSED);
    }

    /**
     * A write breaker is past its delay (or half-open) but not closed yet: the dispatcher lets one write at a time
     * through to probe, nothing else.
     */
    boolean probing() {
        return !paused() && !open();
    }

    /** True while Partnero refuses the API key (401/403). */
    public boolean keyRefused() {
        return keyRefused.get();
    }

    /** When writes may go again (now or earlier when open). */
    public Instant opensAt() {
        return java.util.Arrays.stream(Pause.values()).filter(this::closed).map(p -> closedUntil.get(p).get())
                .max(Instant::compareTo).orElse(clock.instant());
    }

    /** Paused by an open breaker (not by a 429 or a refused key). */
    boolean breakerOpen() {
        return closed(Pause.BREAKER_OPEN);
    }

    private boolean paused() {
        return closedUntil.keySet().stream().anyMatch(this::closed);
    }

    private boolean closed(Pause pause) {
        return clock.instant().isBefore(closedUntil.get(pause).get())
                && (pause != Pause.BREAKER_OPEN || !breakersClosed());
    }

    void breaker(@Observes WriteBreaker change) {
        breakers.put(change.operation(), change.state());
        if (change.state() == CircuitBreakerState.OPEN) {
            closeUntil(Pause.BREAKER_OPEN, clock.instant().plus(change.delay()));
            unavailable();
            Log.infof("Partnero circuit breaker %s opened: writes paused for %d ms, then one probes",
                    change.operation(), change.delay().toMillis());
        } else if (change.state() == CircuitBreakerState.CLOSED) {
            closedUntil.get(Pause.BREAKER_OPEN).set(Instant.EPOCH);
        }
    }

    void throttled(Optional<Duration> retryAfter) {
        Duration pause = retryAfter.filter(d -> !d.isNegative()).orElse(config.defaultRetryAfter());
        if (pause.compareTo(config.maxRetryAfter()) > 0) {
            pause = config.maxRetryAfter();
        }
        closeUntil(Pause.RATE_LIMITED, clock.instant().plus(pause));
        Log.infof("Partnero answered 429: all writes paused for %d ms", pause.toMillis());
    }

    void unauthorized(int status) {
        closeUntil(Pause.UNAUTHORIZED, clock.instant().plus(config.unauthorizedPause()));
        if (keyRefused.compareAndSet(false, true)) {
            Log.errorf("Partnero refused the API key (%d): all writes paused and retried every %s; "
                    + "check PARTNERO_API_KEY", status, config.unauthorizedPause());
        }
    }

    /** A write failed because Partnero is unavailable: the waiting gauge starts counting (if it was not). */
    void unavailable() {
        unavailableSince.compareAndSet(null, clock.instant());
    }

    /**
     * Partnero took a write: nothing waits for it any more, and the key is good. A probe got through, so breakers
     * past their delay are taken as closed: if one is not, its next call probes it and reopens the gate.
     */
    void accepted() {
        lastAccepted.set(clock.instant());
        if (!breakerOpen()) {
            breakers.replaceAll((operation, state) -> CircuitBreakerState.CLOSED);
        }
        if (unavailableSince.getAndSet(null) != null) {
            Log.info("Partnero accepts writes again");
        }
        if (keyRefused.compareAndSet(true, false)) {
            Log.info("Partnero accepts the API key again: writes resumed");
        }
    }

    /** True when Partnero accepted some write (in this replica) after {@code since}: it is up for others. */
    boolean acceptedSince(Instant since) {
        return lastAccepted.get().isAfter(since);
    }

    private double waitingSeconds() {
        Instant since = unavailableSince.get();
        return since == null ? 0 : Math.max(0, clock.millis() - since.toEpochMilli()) / 1000.0;
    }

    private void closeUntil(Pause pause, Instant until) {
        closedUntil.get(pause).accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
    }
}
