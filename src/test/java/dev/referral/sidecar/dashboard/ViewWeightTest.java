package dev.referral.sidecar.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.referral.sidecar.config.DashboardConfig;
import dev.referral.sidecar.referral.CustomerKey;
import io.quarkus.runtime.configuration.MemorySize;

/** The dashboard caches are bounded by the estimated bytes of their answers, not only by their count. */
class ViewWeightTest {

    @Test
    void aLargerAnswerWeighsMore() {
        assertTrue(ViewWeight.bytes(view("small", 1)) < ViewWeight.bytes(view("large", 200)));
        assertTrue(ViewWeight.bytes(view("large", 200)) > 200 * ViewWeight.RECORD);
    }

    @Test
    void largeAnswersAreEvictedByBytesLongBeforeTheEntryBound() {
        long maxBytes = 256 * 1024;
        DashboardCache cache = new DashboardCache(config(maxBytes, 10_000));
        int each = ViewWeight.bytes(view("c0", 100));
        for (int i = 0; i < 100; i++) {
            cache.store(new DashboardCache.ViewKey(new CustomerKey("c" + i), 100, 1), view("c" + i, 100), new byte[2048]);
        }
        assertTrue(cache.staleBytes() <= maxBytes, "stale copies hold " + cache.staleBytes() + " bytes");
        assertTrue(100L * each > 2 * maxBytes, "the test must overflow the byte bound: " + each);
    }

    @Test
    void theEntryBoundStillHoldsForSmallAnswers() {
        DashboardCache cache = new DashboardCache(config(1024 * 1024, 10));
        for (int i = 0; i < 50; i++) {
            cache.store(new DashboardCache.ViewKey(new CustomerKey("s" + i), 10, 1), view("s" + i, 0), new byte[64]);
        }
        long share = 1024 * 1024 / 10;
        assertEquals(0, cache.staleBytes() % share);
        assertTrue(cache.staleBytes() <= 10 * share);
    }

    private static DashboardView view(String key, int referrals) {
        List<DashboardView.ReferralSummary> list = IntStream.range(0, referrals)
                .mapToObj(i -> new DashboardView.ReferralSummary("r" + i, "Referred customer " + i, "active",
                        "2026-01-01T00:00:00Z"))
                .toList();
        return new DashboardView(key, null, "https://example.com/r/" + key, List.of(), referrals,
                JsonNodeFactory.instance.objectNode().put("clicks", 3), JsonNodeFactory.instance.objectNode(), list,
                Instant.EPOCH, false, List.of());
    }

    private static DashboardConfig config(long maxBytes, long maxEntries) {
        return new DashboardConfig() {
            @Override
            public Duration budget() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration cacheTtl() {
                return Duration.ofSeconds(30);
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
