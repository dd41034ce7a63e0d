package dev.referral.sidecar.sandbox;

import dev.referral.sidecar.config.RuntimeMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Loads the saved state and registers the configured webhook at start, only when the emulator is served: in live
 * mode nothing of the sandbox runs, so a bad {@code SANDBOX_*} switch cannot stop a production start.
 */
@ApplicationScoped
class SandboxStartup {

    void start(@Observes StartupEvent event, RuntimeMode mode, SandboxStore store) {
        if (mode.sandboxServed()) {
            store.load();
        }
    }
}
