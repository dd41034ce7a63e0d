package dev.referral.sidecar.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.referral.sidecar.outbox.Store;

/**
 * Holds the store's first writer (SQLite's only one) inside a group until {@code release} is counted down (at most
 * {@code seconds}), so that the writes queued behind it wait, as behind a slow commit. The future completes once the
 * writer lets go: true if released, false on the timeout.
 */
public final class HeldWriter {

    private HeldWriter() {
    }

    public static CompletableFuture<Boolean> hold(Store store, CountDownLatch release, long seconds) {
        return store.writeAsync(c -> {
            try {
                return release.await(seconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }
}
