package dev.referral.sidecar.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The dashboard read path: budget, fresh cache and stale copies. */
@ConfigMapping(prefix = "sidecar.dashboard")
public interface DashboardConfig {

    /** Total time one dashboard answer may take, parallel upstream reads included. */
    @WithDefault("2s")
    Duration budget();

    /** How long a complete answer is served fresh from the cache. */
    @WithDefault("30s")
    Duration cacheTtl();

    /** How long the last complete answer is kept to be served stale when Partnero fails. */
    @WithDefault("24h")
    Duration staleTtl();

    /** Upper bound on stale copies kept. */
    @WithDefault("10000")
    long staleMaxEntries();

    /**
     * Upper bound on the heap each of the two caches (fresh, stale) may hold, estimated per answer; together with
     * the entry bound, whichever is reached first evicts.
     */
    @WithDefault("4M")
    MemorySize cacheMaxBytes();
}
