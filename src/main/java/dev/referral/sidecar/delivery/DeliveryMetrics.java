package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Operation;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counters of delivery attempts: {@code sidecar_delivery_attempts_total{operation,outcome}}. */
@ApplicationScoped
class DeliveryMetrics {

    private final MeterRegistry registry;

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void attempt(Operation operation, String outcome) {
        registry.counter("sidecar.delivery.attempts", "operation", operation.name().toLowerCase(java.util.Locale.ROOT),
                "outcome", outcome).increment();
    }
}
