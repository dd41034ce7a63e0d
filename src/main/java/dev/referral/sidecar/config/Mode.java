package dev.referral.sidecar.config;

/** How the sidecar reaches Partnero: {@code SIDECAR_MODE}. */
public enum Mode {
    /** Live with an API key, sandbox without one. */
    AUTO,
    /** Live only: refuses to start without an API key. */
    LIVE,
    /** Serves only the emulator and management: a Partnero test double for other projects. */
    SANDBOX_ONLY
}
