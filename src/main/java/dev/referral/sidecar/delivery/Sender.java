package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Operation;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import io.smallrye.mutiny.Uni;

/** Sends one kind of outbox entry upstream: one attempt, blocking on a worker thread. */
interface Sender {

    /**
     * Upper bound on one attempt, all its calls together, whatever the fault-tolerance timeouts are set to: half the
     * shortest lease ({@link Dispatcher#MIN_LEASE}), so no attempt outlives its claim, however many calls it makes (a
     * sign-up may make four). An attempt cut here has an unknown outcome and is checked before anything is sent again.
     */
    Duration ATTEMPT_LIMIT = Duration.ofSeconds(30);

    Operation operation();

    /**
     * One attempt. Failures may be thrown (Partnero or fault-tolerance exceptions), {@link Attempts} classifies
     * them. {@code entry.maybeSent()} tells whether an earlier attempt may have reached Partnero.
     */
    Outcome send(OutboxEntry entry, Deadline deadline);

    /**
     * The same attempt without holding a thread while Partnero answers. By default the blocking {@link #send} runs
     * on {@code executor}; a sender whose call is a single non-blocking request overrides this.
     */
    default CompletionStage<Outcome> sendAsync(OutboxEntry entry, Deadline deadline, Executor executor) {
        return CompletableFuture.supplyAsync(() -> send(entry, deadline), executor);
    }

    /** One call of an attempt, cut at the attempt's deadline; none starts after it. */
    static <T> T await(Uni<T> call, Deadline deadline) {
        return call.await().atMost(deadline.left());
    }

    /** The failure inside a {@link java.util.concurrent.CompletionException}, or {@code e} itself. */
    static Throwable cause(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** {@link #await} without a thread: the same deadline, the call's answer or failure when it comes. */
    static <T> CompletionStage<T> later(Uni<T> call, Deadline deadline) {
        Duration left;
        try {
            left = deadline.left();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return call.ifNoItem().after(left).fail().subscribeAsCompletionStage();
    }
}
