package dev.referral.sidecar.config;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The mode the process actually runs in, decided once from {@code SIDECAR_MODE} and {@code PARTNERO_API_KEY}.
 * A contradictory combination refuses to start (DESIGN.md: a missing Secret never sends real purchases into the
 * emulator, and a key never silently runs an emulator).
 */
@ApplicationScoped
public class RuntimeMode {

    static final String DEFAULT_URL = "https://api.partnero.com/v1";

    /** What serves Partnero calls. */
    public enum Kind { LIVE, SANDBOX, SANDBOX_ONLY }

    private final Kind kind;
    private final PartneroConfig partnero;

    RuntimeMode(SidecarConfig sidecar, PartneroConfig partnero) {
        this.kind = resolve(sidecar.mode(), partnero.apiKey().filter(k -> !k.isBlank()).isPresent());
        this.partnero = partnero;
    }

    /** Says, before the service is ready, where Partnero calls go; never prints the key. */
    void announce(@Observes @Priority(1) StartupEvent event, @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        String local = "http://" + (host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host) + ":" + port;
        switch (kind) {
            case LIVE -> Log.infof("LIVE MODE: Partnero calls go to %s", partnero.url());
            case SANDBOX -> {
                if (!partnero.url().toString().equals(DEFAULT_URL)) {
                    Log.warnf("PARTNERO_URL is ignored in sandbox mode; set PARTNERO_API_KEY to use it");
                }
                Log.warnf("SANDBOX MODE: PARTNERO_API_KEY is not set. Partnero calls go to the built-in emulator at "
                        + "%s/sandbox/v1 and nothing reaches Partnero.", local);
            }
            case SANDBOX_ONLY -> Log.warnf("SANDBOX-ONLY MODE: serving only the Partnero emulator at %s/sandbox/v1 "
                    + "(no hooks, no store).", local);
        }
    }

    /** The effective mode for a configured mode and whether an API key is present. */
    public static Kind resolve(Mode mode, boolean hasKey) {
        return switch (mode) {
            case AUTO -> hasKey ? Kind.LIVE : Kind.SANDBOX;
            case LIVE -> {
                if (!hasKey) {
                    throw new IllegalStateException("SIDECAR_MODE=live but PARTNERO_API_KEY is not set: refusing to start");
                }
                yield Kind.LIVE;
            }
            case SANDBOX_ONLY -> {
                if (hasKey) {
                    throw new IllegalStateException(
                            "SIDECAR_MODE=sandbox-only but PARTNERO_API_KEY is set: refusing to start");
                }
                yield Kind.SANDBOX_ONLY;
            }
        };
    }

    public Kind kind() {
        return kind;
    }

    public boolean live() {
        return kind == Kind.LIVE;
    }

    /** True when the emulator under {@code /sandbox} is served. */
    public boolean sandboxServed() {
        return kind != Kind.LIVE;
    }

    /** True when the hooks, dashboard, webhooks and the store are in use. */
    public boolean sidecarServed() {
        return kind != Kind.SANDBOX_ONLY;
    }
}
