package dev.referral.sidecar.dashboard;

import static dev.referral.sidecar.dashboard.CacheFixtures.config;
import static dev.referral.sidecar.dashboard.CacheFixtures.view;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.referral.sidecar.referral.CustomerKey;

/**
 * A delivered write drops every fresh answer of its customer, whatever happened to the entry before: refetched after
 * its TTL (a put over the expired entry), or fetched while the write landed (that answer is not kept fresh at all).
 */
class FreshEntryEvictionTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final AtomicLong nanos = new AtomicLong();
    private final DashboardCache cache = new DashboardCache(config(4 * 1024 * 1024, 10_000, TTL), nanos::get);

    @Test
    void anAnswerFetchedAgainAfterItsTtlIsStillEvictedByTheNextWrite() {
        DashboardCache.ViewKey key = key("ttl_1");
        keep(key, new byte[] { 1 });
        nanos.addAndGet(TTL.toNanos() + TimeUnit.SECONDS.toNanos(1));

        // Fetched again before the cache cleaned the expired entry up: the put reports that entry's removal after
        // the new one is in (an older build unindexed the new entry then, so the next write missed it).
        keep(key, new byte[] { 2 });
        assertArrayEquals(new byte[] { 2 }, cache.fresh(key), "the refetched answer is served");

        cache.evict(key.customer());
        assertNull(cache.fresh(key), "the write after the refetch drops the refetched answer");
    }

    @Test
    void anAnswerWhoseFetchBeganBeforeAWriteIsNotKeptFresh() {
        DashboardCache.ViewKey key = key("race_1");
        DashboardCache.Stamp began = cache.stamp(key.customer());
        cache.evict(key.customer());

        cache.store(key, began, view("race_1", 1), new byte[] { 1 });

        assertNull(cache.fresh(key), "read before the write landed: not served as fresh after it");
        assertTrue(cache.stale(key).isPresent(), "still the last complete answer, should Partnero fail");
    }

    /** Two fetches overlap and the one that began first ends last: the later answer stays the stale copy. */
    @Test
    void anOlderAnswerNeverReplacesALaterStaleCopy() {
        DashboardCache.ViewKey key = key("overlap_1");
        DashboardView later = withFetchedAt(view("overlap_1", 2), java.time.Instant.parse("2026-11-30T12:00:05Z"));
        DashboardView earlier = withFetchedAt(view("overlap_1", 1), java.time.Instant.parse("2026-11-30T12:00:00Z"));
        cache.store(key, cache.stamp(key.customer()), later, new byte[] { 2 });
        cache.store(key, cache.stamp(key.customer()), earlier, new byte[] { 1 });
        assertEquals(later.fetchedAt(), cache.stale(key).orElseThrow().fetchedAt());
    }

    private static DashboardView withFetchedAt(DashboardView v, java.time.Instant at) {
        return new DashboardView(v.key(), v.pending(), v.referralLink(), v.referralLinks(), v.referralsCount(),
                v.stats(), v.balance(), v.referrals(), at, v.stale(), v.missing());
    }

    @Test
    void aWriteForAnotherCustomerDoesNotStopAnAnswerBeingKept() {
        DashboardCache.ViewKey key = key("calm_1");
        DashboardCache.Stamp began = cache.stamp(key.customer());
        // A different stripe of customers (the stripe is the key's hash, 1,024 of them).
        CustomerKey other = new CustomerKey("calm_2");
        assertTrue((other.hashCode() & 1023) != (key.customer().hashCode() & 1023), "pick a key of another stripe");
        cache.evict(other);

        cache.store(key, began, view("calm_1", 1), new byte[] { 1 });

        assertNotNull(cache.fresh(key));
        cache.evict(key.customer());
        assertNull(cache.fresh(key));
    }

    @Test
    void anAnswerTheCacheTurnsAwayAtOnceLeavesNothingInTheIndex() {
        DashboardCache small = new DashboardCache(config(10 * 1024, 10_000, TTL), nanos::get);
        DashboardCache.ViewKey key = key("heavy_1");

        small.store(key, small.stamp(key.customer()), view("heavy_1", 1), new byte[20 * 1024]);

        assertNull(small.fresh(key), "heavier than the whole cache");
        assertEquals(0, small.indexedViews(), "no key is left behind for a customer who may never write again");
    }

    @Test
    void theIndexHoldsExactlyTheFreshEntries() {
        for (int i = 0; i < 50; i++) {
            keep(key("many_" + i), new byte[] { 1 });
        }
        assertEquals(50, cache.indexedViews());
        nanos.addAndGet(TTL.toNanos() + 1);
        assertEquals(0, cache.indexedViews(), "expired entries leave the index");
    }

    private void keep(DashboardCache.ViewKey key, byte[] json) {
        cache.store(key, cache.stamp(key.customer()), view(key.customer().value(), 1), json);
    }

    private static DashboardCache.ViewKey key(String customer) {
        return new DashboardCache.ViewKey(new CustomerKey(customer), 15, 1);
    }
}
