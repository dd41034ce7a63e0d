package dev.referral.sidecar.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Process-wide switches: the mode and the shared secret that guards the inbound API. */
@ConfigMapping(prefix = "sidecar")
public interface SidecarConfig {

    /** {@code auto}, {@code live} or {@code sandbox-only} ({@code SIDECAR_MODE}). */
    @WithDefault("auto")
    Mode mode();

    /** When set, every non-public endpoint needs {@code Authorization: Bearer <token>} ({@code SIDECAR_TOKEN}). */
    Optional<String> token();

    /**
     * When set, {@code /admin/**} needs {@code Authorization: Bearer <admin token>} instead of {@code SIDECAR_TOKEN}
     * ({@code SIDECAR_ADMIN_TOKEN}).
     */
    Optional<String> adminToken();
}
