package dev.referral.sidecar.delivery;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/** Sends one kind of outbox entry upstream: one attempt, blocking on a worker thread. */
interface Sender {

    /** Upper bound on waiting for a call that has its own timeouts; only a misconfiguration reaches it. */
    Duration CALL_LIMIT = Duration.ofMinutes(2);

    Operation operation();

    /**
     * One attempt. Failures may be thrown (Partnero or fault-tolerance exceptions), {@link Attempts} classifies
     * them. {@code entry.maybeSent()} tells whether an earlier attempt may have reached Partnero.
     */
    Outcome send(OutboxEntry entry);

    static <T> T await(Uni<T> call) {
        return call.await().atMost(CALL_LIMIT);
    }
}
