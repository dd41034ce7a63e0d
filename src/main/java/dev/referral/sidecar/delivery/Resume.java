package dev.referral.sidecar.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

    /**
     * {@code future}, completed with {@code value} after {@code millis} unless it completes first. On a thread of a
     * Vert.x context (a hook's event loop) the timer is that context's own: set and cancelled there, it wakes no other
     * thread, where {@link CompletableFuture#completeOnTimeout} wakes its timer thread once per call (measured: one
     * context switch of that thread per purchase). Elsewhere that is what it uses.
     */
    static <T> CompletableFuture<T> completeOnTimeout(CompletableFuture<T> future, T value, long millis) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return future.completeOnTimeout(value, millis, TimeUnit.MILLISECONDS);
        }
        Vertx vertx = context.owner();
        long timer = vertx.setTimer(Math.max(1, millis), id -> future.complete(value));
        future.whenComplete((v, e) -> vertx.cancelTimer(timer));
        return future;
    }
}
