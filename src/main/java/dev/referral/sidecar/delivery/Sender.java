package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Operation;

import java.time.Duration;

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

    static <T> T await(Uni<T> call) {
        return call.await().atMost(CALL_LIMIT);
    }
}
