package dev.referral.sidecar.outbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.logging.Log;

/**
 * The writes waiting for one {@link StoreWriter}, bounded, and how its next group is formed from them: everything
 * queued, up to the group's maximum, and, when all of that is writes nobody waits for promptly (delivered marks), the
 * next write too if it arrives within the linger, so both share one commit ({@link StoreWriter} runs the marks while
 * it waits).
 */
final class WriteQueue {

    /**
     * How long a group of delivered marks waits for the next acceptance on its writer (SQLite's one writer; PostgreSQL's
     * writers commit marks at once, unflushed: {@link StoreWriter#unflushedLater}). With one request at a time the next
     * acceptance comes a request later, well under a millisecond after the answer, and shares the mark's commit (one
     * fsync for both); a write somebody waits for ends the wait at once, and nobody waits for a mark.
     */
    static final Duration LINGER = Duration.ofMillis(4);

    private final BlockingQueue<WriteGroup.Unit<?>> queue;
    private final int maxGroup;
    private final Duration linger;
    private final String name;
    private final AtomicLong refused = new AtomicLong();
    /** Whether the last write offered was refused for a full queue: the warning is logged once per episode. */
    private volatile boolean full;

    WriteQueue(int maxQueued, int maxGroup, Duration linger, String name) {
        this.queue = new LinkedBlockingQueue<>(maxQueued);
        this.maxGroup = maxGroup;
        this.linger = linger;
        this.name = name;
    }

    /** Queues {@code unit}; false when the queue is full (counted, and warned about once per episode). */
    boolean offer(WriteGroup.Unit<?> unit) {
        if (queue.offer(unit)) {
            if (full) {
                full = false;
            }
            return true;
        }
        refused.incrementAndGet();
        if (!full) {
            full = true;
            Log.warnf("Store writer %s has %d writes waiting and takes no more: answering 503 until it catches up",
                    name, queue.size());
        }
        return false;
    }

    /**
     * Waits up to 100 ms for a write and fills {@code group} with it and whatever queued behind it, up to the group's
     * maximum; false when none came.
     */
    boolean nextGroup(List<WriteGroup.Unit<?>> group) throws InterruptedException {
        WriteGroup.Unit<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return false;
        }
        group.add(first);
        queue.drainTo(group, maxGroup - 1);
        return true;
    }

    /** True when {@code group} is made only of writes nobody waits for promptly, with room for more: it may linger. */
    boolean lingers(List<WriteGroup.Unit<?>> group) {
        return group.size() < maxGroup && group.stream().allMatch(WriteGroup.Unit::later);
    }

    /** Waits up to the linger for one more write, and adds it to {@code group} with whatever queued behind it. */
    void linger(List<WriteGroup.Unit<?>> group) throws InterruptedException {
        WriteGroup.Unit<?> next = queue.poll(linger.toNanos(), TimeUnit.NANOSECONDS);
        if (next != null) {
            group.add(next);
            queue.drainTo(group, maxGroup - group.size());
        }
    }

    /** Writes refused because the queue was full. */
    long refused() {
        return refused.get();
    }

    int size() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }
}
