package dev.referral.sidecar.outbox;

import dev.referral.sidecar.config.RuntimeMode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the store answers: that is what accepting writes needs. Partnero's state is deliberately not part
 * of it; an outage must not take the pod out of service, the outbox absorbs it.
 */
@Readiness
@ApplicationScoped
class StoreReadiness implements HealthCheck {

    private final Store store;
    private final RuntimeMode mode;

    StoreReadiness(Store store, RuntimeMode mode) {
        this.store = store;
        this.mode = mode;
    }

    @Override
    public HealthCheckResponse call() {
        if (!mode.sidecarServed()) {
            return HealthCheckResponse.named("store").up().withData("store", "none (sandbox-only)").build();
        }
        try {
            store.read(c -> c.isValid(2));
            return HealthCheckResponse.named("store").up().withData("store", store.postgres() ? "postgresql" : "sqlite")
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("store").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
