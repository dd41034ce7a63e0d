package dev.referral.sidecar.partnero;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Makes the Partnero circuit breakers visible: gauge {@code sidecar.partnero.breaker.state{operation}} (0 closed,
 * 1 half-open, 2 open) and one INFO line per state change. Breaker state is data, never a health check: the queue
 * absorbs an outage.
 */
@ApplicationScoped
class BreakerWatch {

    static final String GAUGE = "sidecar.partnero.breaker.state";

    private final CircuitBreakerMaintenance breakers;
    private final MeterRegistry registry;
    private final java.util.List<Gauge> gauges = new java.util.concurrent.CopyOnWriteArrayList<>();

    BreakerWatch(CircuitBreakerMaintenance breakers, MeterRegistry registry) {
        this.breakers = breakers;
        this.registry = registry;
    }

    void watch(@Observes StartupEvent start) {
        for (PartneroCall call : PartneroCall.values()) {
            call.breaker().ifPresent(name -> {
                gauges.add(Gauge.builder(GAUGE, () -> value(breakers.currentState(name)))
                        .tag("operation", call.tag())
                        .description("Partnero circuit breaker: 0 closed, 1 half-open, 2 open")
                        .register(registry));
                breakers.onStateChange(name,
                        state -> Log.infof("Partnero circuit breaker %s is now %s", call.tag(), state));
            });
        }
    }

    /** A registry can outlive this bean (tests restart the application in one JVM): leave no stale gauge. */
    @PreDestroy
    void unregister() {
        gauges.forEach(registry::remove);
    }

    static int value(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
