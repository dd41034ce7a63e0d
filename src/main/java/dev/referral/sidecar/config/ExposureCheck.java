package dev.referral.sidecar.config;

import java.util.Optional;
import java.util.Set;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Secure by default: a live sidecar reachable beyond its own pod must have a token, and tokens must be long enough
 * to be secrets. Runs at start, before the service is ready; a refusal stops the process with a message naming the
 * ways out.
 */
@jakarta.enterprise.context.ApplicationScoped
public class ExposureCheck {

    static final int MIN_TOKEN_LENGTH = 32;
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "[::1]", "localhost");

    void check(@Observes @Priority(2) StartupEvent event, RuntimeMode mode, SidecarConfig config,
            @ConfigProperty(name = "quarkus.http.host") String host) {
        refuseShort("SIDECAR_TOKEN", config.token());
        refuseShort("SIDECAR_ADMIN_TOKEN", config.adminToken());
        if (!mode.live() || present(config.token())) {
            return;
        }
        if (!LOOPBACK.contains(host.trim().toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalStateException("SIDECAR_MODE is live, SIDECAR_TOKEN is not set and the HTTP port "
                    + "listens on " + host + ", beyond loopback: refusing to start. Either set SIDECAR_TOKEN (at "
                    + "least " + MIN_TOKEN_LENGTH + " characters), or bind QUARKUS_HTTP_HOST=127.0.0.1 for a "
                    + "same-pod deployment where Partnero webhooks are not used.");
        }
        Log.warnf("SIDECAR_TOKEN is not set: the hooks, the credit endpoint and /admin are open to every process "
                + "that reaches %s. Set SIDECAR_TOKEN unless only the application in this pod can connect.", host);
    }

    private static void refuseShort(String name, Optional<String> token) {
        if (present(token) && token.get().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalStateException(name + " is shorter than " + MIN_TOKEN_LENGTH
                    + " characters: refusing to start. Use a random value such as `openssl rand -hex 32`.");
        }
    }

    private static boolean present(Optional<String> token) {
        return token.filter(t -> !t.isBlank()).isPresent();
    }
}
