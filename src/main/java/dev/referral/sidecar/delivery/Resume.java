package dev.referral.sidecar.delivery;

import java.util.concurrent.CompletableFuture;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Brings a store commit's completion back to the Vert.x context (usually an event loop) that asked for it. The
 * writer completes its futures on its own thread; whatever the caller does next (the immediate attempt, the answer)
 * would otherwise run there and hold up the next group commit.
 */
final class Resume {

    private Resume() {
    }

    /**
     * The caller's Vert.x context (an event loop, or a worker context for a blocking caller), or null on a thread
     * of no context (then futures complete where they complete).
     */
    static Context callersContext() {
        return Vertx.currentContext();
    }

    static <T> void complete(Context context, CompletableFuture<T> target, T value, Throwable failure) {
        Runnable complete = () -> {
            if (failure != null) {
                target.completeExceptionally(failure);
            } else {
                target.complete(value);
            }
        };
        if (context != null) {
            context.runOnContext(v -> complete.run());
        } else {
            complete.run();
        }
    }

    /** {@code committed}, completing on {@code context} when there is one. */
    static <T> CompletableFuture<T> on(Context context, CompletableFuture<T> committed) {
        if (context == null) {
            return committed;
        }
        CompletableFuture<T> resumed = new CompletableFuture<>();
        committed.whenComplete((value, failure) -> complete(context, resumed, value, failure));
        return resumed;
    }
}
