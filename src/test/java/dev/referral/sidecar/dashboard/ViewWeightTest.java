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

    /**
     * The caches' maintenance (here: evicting by bytes) runs on the thread that wrote, before the write returns. With
     * Caffeine's default executor it ran later on a common-pool thread, woken for it on every dashboard miss: a
     * context switch per miss, and a bound that held only eventually.
     */
    @Test
    void evictionRunsOnTheWritingThreadBeforeTheWriteReturns() {
        long maxBytes = 64 * 1024;
        DashboardCache cache = new DashboardCache(config(maxBytes, 10_000, Duration.ofSeconds(30)));
        for (int i = 0; i < 200; i++) {
            DashboardCache.ViewKey key = new DashboardCache.ViewKey(new CustomerKey("w" + i), 100, 1);
            cache.store(key, cache.stamp(key.customer()), view("w" + i, 100), new byte[2048]);
            assertTrue(cache.staleBytesAsIs() <= maxBytes,
                    "after write " + i + " the stale copies hold " + cache.staleBytesAsIs() + " bytes");
        }
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
