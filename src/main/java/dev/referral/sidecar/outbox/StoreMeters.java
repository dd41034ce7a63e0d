package dev.referral.sidecar.outbox;

import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/** The store writers' meters, registered when the store opens and removed when it closes. */
final class StoreMeters {

    private StoreMeters() {
    }

    static List<Meter> register(MeterRegistry registry, Store store) {
        return List.of(
                FunctionCounter.builder("sidecar.store.commits", store, Store::commits)
                        .description("Transactions the store's writer committed").register(registry),
                FunctionCounter.builder("sidecar.store.writes", store, Store::writes)
                        .description("Writes committed (a commit carries one or more)").register(registry),
                FunctionCounter.builder("sidecar.store.refused", store, Store::refused)
                        .description("Writes refused with 503 because the store writer's queue was full")
                        .register(registry),
                Gauge.builder("sidecar.store.queued", store, Store::queued)
                        .description("Writes waiting for the store writer's next commit").register(registry));
    }
}
