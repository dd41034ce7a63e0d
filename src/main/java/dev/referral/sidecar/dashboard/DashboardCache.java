package dev.referral.sidecar.dashboard;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.Weigher;

import dev.referral.sidecar.config.DashboardConfig;
import dev.referral.sidecar.delivery.Delivered;
import dev.referral.sidecar.referral.CustomerKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Complete dashboard answers per (customer, limit, page), twice: fresh for the cache TTL, kept as the JSON body that
 * is sent (a hit serialises nothing), and the last one as a stale copy (bounded in age, count and estimated bytes)
 * for when Partnero fails. Eviction drops only fresh entries: after a write the next answer is fetched again, yet a
 * stale copy is still there if that fetch fails.
 */
@ApplicationScoped
public class DashboardCache {

    /** How many stripes of customers evictions are counted in (a power of two). */
    private static final int STRIPES = 1024;

    /** What one cached answer is for. */
    record ViewKey(CustomerKey customer, int limit, int page) {
    }

    private final Cache<ViewKey, byte[]> fresh;
    private final Cache<ViewKey, DashboardView> stale;
    /** The fresh entries of each customer, so eviction finds them without scanning the cache. */
    private final Map<CustomerKey, Set<ViewKey>> byCustomer = new ConcurrentHashMap<>();
    /** The fetches under way, one per view (as many as misses run at once, so a handful). */
    private final Map<ViewKey, Flight> inFlight = new ConcurrentHashMap<>();
    /**
     * Evictions so far, counted per stripe of customers (a customer's stripe is its key's hash): a fetch that began
     * before its customer's stripe moved may hold what Partnero had before the write, and is not kept fresh. Bounded
     * memory for any number of customers; two customers sharing a stripe only cost one answer not kept.
     */
    private final AtomicLongArray evictions = new AtomicLongArray(STRIPES);

    /** Where a customer's evictions stood when a fetch began ({@link #stamp}), checked when its answer is kept. */
    record Stamp(long evictions) {
    }

    /** One fetch of a view, replayed to every caller that joins it; it leaves {@code inFlight} when it ends. */
    private final class Flight {
        private final Uni<DashboardService.Answer> answer;

        Flight(ViewKey key, Supplier<Uni<DashboardService.Answer>> fetch) {
            this.answer = fetch.get().onTermination().invoke(() -> inFlight.remove(key, this))
                    .memoize().indefinitely();
        }
    }

    @Inject
    DashboardCache(DashboardConfig config) {
        this(config, Ticker.systemTicker());
    }

    /** With the clock the fresh entries' TTL is measured by (tests move it). */
    DashboardCache(DashboardConfig config, Ticker ticker) {
        // Bounded in bytes and in count at once: every answer weighs at least its share of the byte bound, so no more
        // than staleMaxEntries fit. Fresh entries are a subset of the stale copies' keys, so the same bounds hold them.
        long maxBytes = config.cacheMaxBytes().asLongValue();
        int share = (int) Math.max(1, maxBytes / Math.max(1, config.staleMaxEntries()));
        Weigher<ViewKey, DashboardView> weigher = (key, view) -> Math.max(share, ViewWeight.bytes(view));
        Weigher<ViewKey, byte[]> bodyWeigher = (key, json) -> Math.max(share, ViewWeight.RECORD + json.length);
        this.fresh = Caffeine.newBuilder().expireAfterWrite(config.cacheTtl()).ticker(ticker)
                .maximumWeight(maxBytes).weigher(bodyWeigher).executor(Runnable::run)
                .<ViewKey, byte[]>removalListener((key, json, cause) -> reindex(key)).build();
        // Maintenance on the calling thread for both: with Caffeine's default executor every miss (which writes a
        // stale copy) woke a common-pool thread, a context switch per miss on a sidecar's one or two cores.
        this.stale = Caffeine.newBuilder().expireAfterWrite(config.staleTtl())
                .maximumWeight(maxBytes).weigher(weigher).executor(Runnable::run).build();
    }

    /** The estimated bytes the stale copies hold now, after pending evictions ran. */
    long staleBytes() {
        stale.cleanUp();
        return staleBytesAsIs();
    }

    /** The estimated bytes the stale copies hold, without running anything pending first. */
    long staleBytesAsIs() {
        return stale.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /**
     * Drops every fresh answer of {@code customer}, whatever its limit and page; stale copies stay. A fetch of the
     * customer already under way is no longer joined: it may have read Partnero before the write landed.
     */
    public void evict(CustomerKey customer) {
        // First the stamp, then the entries: an answer kept after this line sees the stamp moved and drops itself; one
        // kept before it is indexed by now and dropped here.
        evictions.incrementAndGet(stripe(customer));
        Set<ViewKey> keys = byCustomer.remove(customer);
        if (keys != null) {
            fresh.invalidateAll(keys);
        }
        if (!inFlight.isEmpty()) {
            inFlight.keySet().removeIf(key -> key.customer().equals(customer));
        }
    }

    /**
     * The answer of the fetch of {@code key} under way, or of a new one made by {@code fetch}: callers that miss the
     * same view at once (every client of a popular answer when it expires) share one set of upstream reads.
     */
    Uni<DashboardService.Answer> shared(ViewKey key, Supplier<Uni<DashboardService.Answer>> fetch) {
        return inFlight.computeIfAbsent(key, k -> new Flight(k, fetch)).answer;
    }

    /**
     * Brings the index entry of {@code key} in line with the fresh cache: indexed while an entry is there, not
     * indexed once none is. Called after every change of the entry (a store after its put, the removal listener
     * after a removal), each time under the customer's lock in the index and judged by what the cache holds at that
     * moment, so whichever call runs last sees the last change: a put over an expired entry whose removal is reported
     * after the new entry is in keeps it indexed, and an entry the cache evicts during its own put leaves no key.
     */
    private void reindex(ViewKey key) {
        if (key == null) {
            return;
        }
        byCustomer.compute(key.customer(), (customer, keys) -> {
            boolean present = fresh.policy().getIfPresentQuietly(key) != null;
            if (present) {
                Set<ViewKey> indexed = keys == null ? ConcurrentHashMap.newKeySet() : keys;
                indexed.add(key);
                return indexed;
            }
            if (keys != null) {
                keys.remove(key);
            }
            return keys == null || keys.isEmpty() ? null : keys;
        });
    }

    private static int stripe(CustomerKey customer) {
        return customer.hashCode() & (STRIPES - 1);
    }

    /** How many views the per-customer index holds, after pending evictions ran (tests). */
    int indexedViews() {
        fresh.cleanUp();
        return byCustomer.values().stream().mapToInt(Set::size).sum();
    }

    /** Taken when a fetch of {@code customer} begins, before it reads anything. */
    Stamp stamp(CustomerKey customer) {
        return new Stamp(evictions.get(stripe(customer)));
    }

    /** A write reached Partnero: the buyer's and the referrer's balances and stats changed. */
    void delivered(@Observes Delivered event) {
        evict(event.customer());
        event.referrer().ifPresent(this::evict);
    }

    /** The fresh answer's JSON body, or null: the hit path, so no {@code Optional} per call. */
    byte[] fresh(ViewKey key) {
        return fresh.getIfPresent(key);
    }

    Optional<DashboardView> stale(ViewKey key) {
        return Optional.ofNullable(stale.getIfPresent(key)).map(DashboardView::asStale);
    }

    /**
     * Keeps a complete answer as the stale copy (unless the copy there was fetched later: fetches overlap, and the
     * one that began first may end last) and, unless the customer was evicted since the fetch began ({@code began}),
     * fresh (as its JSON body): an answer read before a write landed is not served as fresh after it.
     */
    void store(ViewKey key, Stamp began, DashboardView view, byte[] json) {
        stale.asMap().merge(key, view, DashboardCache::later);
        // Put, index, then check the stamp: an eviction either moved the stamp before the check (the entry drops
        // itself) or runs after the index holds the key (the eviction drops it).
        fresh.put(key, json);
        reindex(key);
        if (evictions.get(stripe(key.customer())) != began.evictions()) {
            fresh.invalidate(key);
        }
    }

    /** The copy fetched later of two; the new one when either has no time. */
    private static DashboardView later(DashboardView kept, DashboardView arriving) {
        return kept.fetchedAt() != null && arriving.fetchedAt() != null
                && arriving.fetchedAt().isBefore(kept.fetchedAt()) ? kept : arriving;
    }
}
