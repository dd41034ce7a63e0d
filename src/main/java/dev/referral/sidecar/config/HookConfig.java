package dev.referral.sidecar.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The inbound hooks. */
@ConfigMapping(prefix = "sidecar.hook")
public interface HookConfig {

    /** How long a hook waits for its immediate delivery attempt before it answers 202 queued. */
    @WithDefault("2s")
    Duration deadline();
}
