package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.outbox.OutboxFigures;
import dev.referral.sidecar.outbox.Operation;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.referral.sidecar.config.RuntimeMode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Backlog gauges, refreshed from the store on a schedule (never on scrape): depth by state (pending, blocked,
 * dead), age of the oldest pending row, dead letters by operation.
 */
@ApplicationScoped
class OutboxMetrics {

    private static final String[] STATES = { "pending", "blocked", "dead" };

    private final OutboxFigures outbox;
    private final Clock clock;
    private final RuntimeMode mode;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> depth = new ConcurrentHashMap<>();
    private final Map<Operation, AtomicLong> dead = new ConcurrentHashMap<>();
    private final AtomicLong oldestCreated = new AtomicLong();
    private final java.util.List<Gauge> gauges = new java.util.ArrayList<>();

    OutboxMetrics(OutboxFigures outbox, Clock clock, RuntimeMode mode, MeterRegistry registry) {
        this.outbox = outbox;
        this.clock = clock;
        this.mode = mode;
        this.registry = registry;
        for (String state : STATES) {
            depth.put(state, gauge("sidecar.outbox.depth", "state", state, "Outbox rows by state"));
        }
        for (Operation operation : Operation.values()) {
            dead.put(operation, gauge("sidecar.delivery.dead.letters", "operation",
                    operation.name().toLowerCase(java.util.Locale.ROOT), "Dead letters waiting for an operator"));
        }
        gauges.add(Gauge.builder("sidecar.outbox.oldest.age", this, OutboxMetrics::oldestAgeSeconds)
                .baseUnit("seconds").description("Age of the oldest row not yet delivered").register(registry));
    }

    /** A registry can outlive this bean (tests restart the application in one JVM): leave no stale gauge. */
    @PreDestroy
    void unregister() {
        gauges.forEach(registry::remove);
    }

    @Scheduled(every = "5s", delay = 1, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (!mode.sidecarServed()) {
            return;
        }
        OutboxFigures.Counts counts = outbox.readCounts();
        depth.get("pending").set(counts.pending());
        depth.get("blocked").set(counts.blocked());
        depth.get("dead").set(counts.dead());
        counts.deadByOperation().forEach((operation, n) -> dead.get(operation).set(n));
        oldestCreated.set(counts.oldestPendingCreatedAt());
    }

    private double oldestAgeSeconds() {
        long created = oldestCreated.get();
        return created == 0 ? 0 : Math.max(0, clock.millis() - created) / 1000.0;
    }

    private AtomicLong gauge(String name, String tag, String value, String description) {
        AtomicLong holder = new AtomicLong();
        gauges.add(Gauge.builder(name, holder, AtomicLong::get).tag(tag, value).description(description)
                .register(registry));
        return holder;
    }
}
