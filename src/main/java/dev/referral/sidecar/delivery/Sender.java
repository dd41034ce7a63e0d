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
     * Upper bound on one call, whatever the fault-tolerance timeouts are set to: it stays well inside the claim's
     * lease (at least {@link Dispatcher#MIN_LEASE}), so no attempt can outlive its claim. A call cut here has an
     * unknown outcome and is checked before anything is sent again.
     */
    Duration CALL_LIMIT = Duration.ofSeconds(30);

    Operation operation();

    /**
     * One attempt. Failures may be thrown (Partnero or fault-tolerance exceptions), {@link Attempts} classifies
     * them. {@code entry.maybeSent()} tells whether an earlier attempt may have reached Partnero.
     */
    Outcome send(OutboxEntry entry);

    /**
     * The same attempt without holding a thread while Partnero answers. By default the blocking {@link #send} runs
     * on {@code executor}; a sender whose call is a single non-blocking request overrides this.
     */
    default CompletionStage<Outcome> sendAsync(OutboxEntry entry, Executor executor) {
        return CompletableFuture.supplyAsync(() -> send(entry), executor);
    }

    static <T> T await(Uni<T> call) {
        return call.await().atMost(CALL_LIMIT);
    }

    /** The failure inside a {@link java.util.concurrent.CompletionException}, or {@code e} itself. */
    static Throwable cause(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** {@link #await} without a thread: the same limit, the call's answer or failure when it comes. */
    static <T> CompletionStage<T> later(Uni<T> call) {
        return call.ifNoItem().after(CALL_LIMIT).fail().subscribeAsCompletionStage();
    }
}
