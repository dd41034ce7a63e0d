package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Operation;

import java.util.Base64;

import dev.referral.sidecar.partnero.PartneroFailure;
import dev.referral.sidecar.partnero.PartneroUnavailable;
import jakarta.enterprise.context.ApplicationScoped;

/** Relays a webhook event to the application; at least once, with the outbox's backoff. */
@ApplicationScoped
class RelaySender implements Sender {

    private final AppRelay relay;
    private final Writes writes;

    RelaySender(AppRelay relay, Writes writes) {
        this.relay = relay;
        this.writes = writes;
    }

    @Override
    public Operation operation() {
        return Operation.RELAY;
    }

    @Override
    public Outcome send(OutboxEntry entry, Deadline deadline) {
        if (!relay.configured()) {
            // No application to tell: the event was verified, deduplicated and has evicted caches; that is all.
            return new Outcome.Done(null);
        }
        byte[] body = Base64.getDecoder().decode(writes.read(entry.payload(), Payloads.Relay.class).body());
        try {
            relay.relay(eventId(entry), body, deadline.left());
            return new Outcome.Done(null);
        } catch (AppRelay.Answered e) {
            // The application answered and refused it: retried later, and a strike (FailedAttempts), so an
            // application that always refuses it ends with a dead letter after max-attempts, not after the max age.
            return new Outcome.Failed(PartneroFailure.of(new PartneroUnavailable(e.status(), false,
                    "relay failed: application answered " + e.status(), null)));
        } catch (Exception e) {
            // No answer (refused connection, timeout): the application is not Partnero, simply retried later.
            return new Outcome.Failed(PartneroFailure.of(new PartneroUnavailable(0, false,
                    "relay failed: " + e.getClass().getSimpleName(), null)));
        }
    }

    /** Stable across retries and replicas: the row's dedupe key is the hash of the event's exact bytes. */
    static String eventId(OutboxEntry entry) {
        return "msg_" + entry.dedupeKey();
    }
}
