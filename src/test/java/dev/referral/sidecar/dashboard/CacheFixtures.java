package dev.referral.sidecar.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.referral.sidecar.config.DashboardConfig;
import io.quarkus.runtime.configuration.MemorySize;

/** Answers and cache settings for the tests that build a {@link DashboardCache} themselves. */
final class CacheFixtures {

    private CacheFixtures() {
    }

    static DashboardView view(String key, int referrals) {
        List<DashboardView.ReferralSummary> list = IntStream.range(0, referrals)
                .mapToObj(i -> new DashboardView.ReferralSummary("r" + i, "Referred customer " + i, "active",
                        "2026-01-01T00:00:00Z"))
                .toList();
        return new DashboardView(key, null, "https://example.com/r/" + key, List.of(), referrals,
                JsonNodeFactory.instance.objectNode().put("clicks", 3), JsonNodeFactory.instance.objectNode(), list,
                Instant.EPOCH, false, List.of());
    }

    static DashboardConfig config(long maxBytes, long maxEntries, Duration ttl) {
        return new DashboardConfig() {
            @Override
            public Duration budget() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration cacheTtl() {
                return ttl;
            }

            @Override
            public Duration staleTtl() {
                return Duration.ofHours(24);
            }

            @Override
            public long staleMaxEntries() {
                return maxEntries;
            }

            @Override
            public MemorySize cacheMaxBytes() {
                return new MemorySize(java.math.BigInteger.valueOf(maxBytes));
            }
        };
    }
}
