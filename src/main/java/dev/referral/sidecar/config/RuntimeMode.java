package dev.referral.sidecar.config;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The mode the process actually runs in, decided once from {@code SIDECAR_MODE} and {@code PARTNERO_API_KEY}.
 * A contradictory combination refuses to start (DESIGN.md: a missing Secret never sends real purchases into the
 * emulator, and a key never silently runs an emulator).
 */
@ApplicationScoped
public class RuntimeMode {

    /** What serves Partnero calls. */
    public enum Kind { LIVE, SANDBOX, SANDBOX_ONLY }

    private final Kind kind;

    RuntimeMode(SidecarConfig sidecar, PartneroConfig partnero) {
        this.kind = resolve(sidecar.mode(), partnero.apiKey().filter(k -> !k.isBlank()).isPresent());
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
