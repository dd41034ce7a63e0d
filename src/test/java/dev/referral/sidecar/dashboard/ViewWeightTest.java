package dev.referral.sidecar.dashboard;

import static dev.referral.sidecar.dashboard.CacheFixtures.config;
import static dev.referral.sidecar.dashboard.CacheFixtures.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.referral.CustomerKey;

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
        DashboardCache cache = new DashboardCache(config(maxBytes, 10_000, Duration.ofSeconds(30)));
        int each = ViewWeight.bytes(view("c0", 100));
        for (int i = 0; i < 100; i++) {
            DashboardCache.ViewKey key = new DashboardCache.ViewKey(new CustomerKey("c" + i), 100, 1);
            cache.store(key, cache.stamp(key.customer()), view("c" + i, 100), new byte[2048]);
        }
        assertTrue(cache.staleBytes() <= maxBytes, "stale copies hold " + cache.staleBytes() + " bytes");
        assertTrue(100L * each > 2 * maxBytes, "the test must overflow the byte bound: " + each);
    }

    @Test
    void theEntryBoundStillHoldsForSmallAnswers() {
        DashboardCache cache = new DashboardCache(config(1024 * 1024, 10, Duration.ofSeconds(30)));
        for (int i = 0; i < 50; i++) {
            DashboardCache.ViewKey key = new DashboardCache.ViewKey(new CustomerKey("s" + i), 10, 1);
            cache.store(key, cache.stamp(key.customer()), view("s" + i, 0), new byte[64]);
        }
        long share = 1024 * 1024 / 10;
        assertEquals(0, cache.staleBytes() % share);
        assertTrue(cache.staleBytes() <= 10 * share);
    }
}
