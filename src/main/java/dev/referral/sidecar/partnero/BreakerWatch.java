package dev.referral.sidecar.partnero;

import java.time.Duration;

import org.eclipse.microprofile.config.Config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

/**
 * Makes the Partnero circuit breakers visible: gauge {@code sidecar.partnero.breaker.state{operation}} (0 closed,
 * 1 half-open, 2 open) and one INFO line per state change. Breaker state is data, never a health check: the queue
 * absorbs an outage. A write breaker's changes are also fired as {@link WriteBreaker} events: the dispatcher treats
 * an open one as a gate (DESIGN.md "Unavailability is not failure").
 */
@ApplicationScoped
public class BreakerWatch {

    static final String GAUGE = "sidecar.partnero.breaker.state";

    /** {@code @CircuitBreaker(delay)} on every guarded method of {@link PartneroClient}. */
    private static final long DEFAULT_DELAY_MILLIS = 10_000;

    private final CircuitBreakerMaintenance breakers;
    private final MeterRegistry registry;
    private final java.util.List<Gauge> gauges = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Event<WriteBreaker> writeBreakers;
    private final Config config;

    BreakerWatch(CircuitBreakerMaintenance breakers, MeterRegistry registry, Event<WriteBreaker> writeBreakers,
            Config config) {
        this.breakers = breakers;
        this.registry = registry;
        this.writeBreakers = writeBreakers;
        this.config = config;
    }

    void watch(@Observes StartupEvent start) {
        for (PartneroCall call : PartneroCall.values()) {
            call.breaker().ifPresent(name -> {
                gauges.add(Gauge.builder(GAUGE, () -> value(breakers.currentState(name)))
                        .tag("operation", call.tag())
                        .description("Partnero circuit breaker: 0 closed, 1 half-open, 2 open")
                        .register(registry));
                Duration delay = delay(call);
                breakers.onStateChange(name, state -> {
                    Log.infof("Partnero circuit breaker %s is now %s", call.tag(), state);
                    if (call.write()) {
                        writeBreakers.fire(new WriteBreaker(call.tag(), state, delay));
                    }
                });
            });
        }
    }

    /** The current state of the breaker of the operation tagged {@code operation} (see {@link WriteBreaker}). */
    public CircuitBreakerState state(String operation) {
        return breakers.currentState("partnero-" + operation.replace('_', '-'));
    }

    /** The breaker's {@code delay} as configured (application.properties repeats every annotation value). */
    private Duration delay(PartneroCall call) {
        String key = "quarkus.fault-tolerance.\"" + PartneroClient.class.getName() + "/" + call.method()
                + "\".circuit-breaker.delay";
        return Duration.ofMillis(config.getOptionalValue(key, Long.class).orElse(DEFAULT_DELAY_MILLIS));
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
