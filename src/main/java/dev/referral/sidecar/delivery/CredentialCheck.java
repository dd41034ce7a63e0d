package dev.referral.sidecar.delivery;

import org.eclipse.microprofile.context.ManagedExecutor;

import dev.referral.sidecar.config.RuntimeMode;
import dev.referral.sidecar.partnero.PartneroClient;
import dev.referral.sidecar.partnero.PartneroFailure;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Asks Partnero once at start-up whether it accepts the API key ({@code GET /test}, PARTNERO.md H8), without
 * blocking the start and without touching readiness: a refused key pauses writes and says so at ERROR at once,
 * instead of at the first purchase. It also warms the HTTP client before the first real call. Building that client
 * (REST client, fault tolerance, metrics) happens on a worker thread too: nothing of it delays readiness.
 */
@ApplicationScoped
class CredentialCheck {

    private final PartneroClient partnero;
    private final WriteGate gate;
    private final RuntimeMode mode;
    private final ManagedExecutor executor;

    CredentialCheck(PartneroClient partnero, WriteGate gate, RuntimeMode mode, ManagedExecutor executor) {
        this.partnero = partnero;
        this.gate = gate;
        this.mode = mode;
        this.executor = executor;
    }

    void check(@Observes StartupEvent event) {
        if (mode.live()) {
            executor.runAsync(this::ask);
        }
    }

    private void ask() {
        partnero.test().subscribe().with(
                ok -> Log.info("Partnero accepted the API key (GET /test)"),
                failure -> {
                    PartneroFailure f = PartneroFailure.of(failure);
                    if (f.kind() == PartneroFailure.Kind.UNAUTHORIZED) {
                        gate.unauthorized(f.status());
                    } else {
                        Log.warnf("Could not check the API key with Partnero at start-up (%s %s); "
                                + "deliveries will tell", f.kind(), f.status());
                    }
                });
    }
}
