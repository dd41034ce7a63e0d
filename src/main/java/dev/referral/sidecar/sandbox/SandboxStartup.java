package dev.referral.sidecar.sandbox;

import dev.referral.sidecar.config.RuntimeMode;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Loads the saved state and registers the configured webhook at start, only when the emulator is served: in live
 * mode nothing of the sandbox runs, so a bad {@code SANDBOX_*} switch cannot stop a production start, and no
 * emulator bean is even created (the store is looked up only here, behind the mode).
 */
@ApplicationScoped
class SandboxStartup {

    /** Logged once the emulator is up; the live-mode black-box test checks that it is absent. */
    static final String STARTED = "Partnero emulator started";

    void start(@Observes StartupEvent event, RuntimeMode mode, Instance<SandboxStore> store) {
        if (mode.sandboxServed()) {
            store.get().load();
            Log.infof("%s at /sandbox/v1", STARTED);
        }
    }
}
