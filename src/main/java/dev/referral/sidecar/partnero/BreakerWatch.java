package dev.referral.sidecar.partnero;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

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
 * an open one as a gate (DESIGN.md "Unavailability is not failure"). The breakers are built with the client, on its
 * first use; until then every one is closed.
 */
@ApplicationScoped
public class BreakerWatch {

    static final String GAUGE = "sidecar.partnero.breaker.state";

    private final CircuitBreakerMaintenance breakers;
    private final MeterRegistry registry;
    private final List<Gauge> gauges = new CopyOnWriteArrayList<>();
    private final Event<WriteBreaker> writeBreakers;
    private volatile boolean guarded;

    BreakerWatch(CircuitBreakerMaintenance breakers, MeterRegistry registry, Event<WriteBreaker> writeBreakers) {
        this.breakers = breakers;
        this.registry = registry;
        this.writeBreakers = writeBreakers;
    }

    void watch(@Observes StartupEvent start) {
        for (PartneroCall call : PartneroCall.values()) {
            call.breaker().ifPresent(name -> gauges.add(Gauge.builder(GAUGE, () -> value(state(call.tag())))
                    .tag("operation", call.tag())
                    .description("Partnero circuit breaker: 0 closed, 1 half-open, 2 open")
                    .register(registry)));
        }
    }

    /** What the breaker of {@code call} reports each change to; {@code delay} is how long it stays open. */
    Consumer<CircuitBreakerState> listener(PartneroCall call, Duration delay) {
        return state -> {
            Log.infof("Partnero circuit breaker %s is now %s", call.tag(), state);
            if (call.write()) {
                writeBreakers.fire(new WriteBreaker(call.tag(), state, delay));
            }
        };
    }

    /** Every breaker is built ({@link PartneroGuards}): from now on their states are read from SmallRye. */
    void guarded() {
        guarded = true;
    }

    /** The current state of the breaker of the operation tagged {@code operation} (see {@link WriteBreaker}). */
    public CircuitBreakerState state(String operation) {
        return guarded ? breakers.currentState("partnero-" + operation.replace('_', '-')) : CircuitBreakerState.CLOSED;
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
