package dev.referral.sidecar.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.referral.sidecar.config.DeliveryConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One gate for all writes to Partnero in this replica. A 429 closes it until its {@code Retry-After} has passed
 * (default pause when absent or garbage, capped); a 401/403 closes it for the unauthorized pause, because the key
 * is wrong for every write alike. Relays to the application do not pass through it.
 */
@ApplicationScoped
public class WriteGate {

    private final Clock clock;
    private final DeliveryConfig config;
    private final AtomicReference<Instant> closedUntil = new AtomicReference<>(Instant.EPOCH);
    private final AtomicBoolean keyRefused = new AtomicBoolean();
    private final MeterRegistry registry;
    private final java.util.List<Gauge> gauges = new java.util.ArrayList<>();

    WriteGate(Clock clock, DeliveryConfig config, MeterRegistry registry) {
        this.clock = clock;
        this.config = config;
        this.registry = registry;
        gauges.add(Gauge.builder("sidecar.partnero.key.refused", keyRefused, b -> b.get() ? 1 : 0)
                .description("1 while Partnero refuses the API key (401/403): all writes are paused")
                .register(registry));
        gauges.add(Gauge.builder("sidecar.delivery.paused", this, g -> g.open() ? 0 : 1)
                .description("1 while writes to Partnero are paused by a 429 or a refused key")
                .register(registry));
    }

    /** A registry can outlive this bean (tests restart the application in one JVM): leave no stale gauge. */
    @PreDestroy
    void unregister() {
        gauges.forEach(registry::remove);
    }

    public boolean open() {
        return !clock.instant().isBefore(closedUntil.get());
    }

    /** True while Partnero refuses the API key (401/403). */
    public boolean keyRefused() {
        return keyRefused.get();
    }

    /** When writes may go again (now or earlier when open). */
    public Instant opensAt() {
        return closedUntil.get();
    }

    void throttled(Optional<Duration> retryAfter) {
        Duration pause = retryAfter.filter(d -> !d.isNegative()).orElse(config.defaultRetryAfter());
        if (pause.compareTo(config.maxRetryAfter()) > 0) {
            pause = config.maxRetryAfter();
        }
        closeUntil(clock.instant().plus(pause));
        Log.infof("Partnero answered 429: all writes paused for %d ms", pause.toMillis());
    }

    void unauthorized(int status) {
        closeUntil(clock.instant().plus(config.unauthorizedPause()));
        if (keyRefused.compareAndSet(false, true)) {
            Log.errorf("Partnero refused the API key (%d): all writes paused and retried every %s; "
                    + "check PARTNERO_API_KEY", status, config.unauthorizedPause());
        }
    }

    void accepted() {
        if (keyRefused.compareAndSet(true, false)) {
            Log.info("Partnero accepts the API key again: writes resumed");
        }
    }

    private void closeUntil(Instant until) {
        closedUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
    }
}
