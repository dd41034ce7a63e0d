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

    /**
     * How many {@code Prefer: respond-async} writes are attempted at once in the background, right after their
     * answer; beyond that (and with 0) they wait for the dispatcher. Below the writes' bulkhead and its queue
     * ({@code sidecar.partnero.writes.bulkhead} + {@code bulkhead-queue}, 8 + 32), which the hooks' own attempts and
     * the dispatcher's share: a write the bulkhead turns away is due again for the dispatcher's next pass.
     */
    @WithDefault("32")
    int asyncAttempts();
}
