package dev.referral.sidecar.delivery;

import java.util.Optional;
import java.util.concurrent.Executor;

import org.eclipse.microprofile.context.ManagedExecutor;

import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.KeyRule;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

/**
 * Tells read caches what a delivered write changed ({@link Delivered}): the customer's dashboard and, from the
 * sidecar's own sign-up record, the referrer's. A failure here must not turn a delivered write into a failed attempt.
 */
@ApplicationScoped
class DeliveredEvents {

    private final Event<Delivered> delivered;
    private final SignupRecords signups;
    private final Executor executor;

    DeliveredEvents(Event<Delivered> delivered, SignupRecords signups, ManagedExecutor executor) {
        this.delivered = delivered;
        this.signups = signups;
        this.executor = executor;
    }

    void announce(OutboxEntry entry) {
        if (entry.lane() == null || !KeyRule.valid(entry.lane())
                || entry.operation() == Operation.RELAY || entry.operation() == Operation.SIGNUP) {
            return;
        }
        CustomerKey customer = new CustomerKey(entry.lane());
        Optional<Optional<SignupRecord>> known = signups.known(customer);
        if (known.isPresent()) {
            fire(entry, customer, known.get().flatMap(SignupRecord::referrer));
            return;
        }
        // The customer's own answers go now, before the hook answers: a read right after the write must not get
        // the answer cached before it. Its referrer is not in memory: the look-up reads the store, which is never
        // done on the event loop, so the referrer's answers go a moment later.
        fire(entry, customer, Optional.empty());
        executor.execute(() -> {
            try {
                signups.find(customer).flatMap(SignupRecord::referrer)
                        .ifPresent(referrer -> fire(entry, customer, Optional.of(referrer)));
            } catch (RuntimeException e) {
                Log.warnf("Delivered %d, but finding its customer's referrer to evict failed: %s", entry.id(),
                        e.getClass().getSimpleName());
            }
        });
    }

    private void fire(OutboxEntry entry, CustomerKey customer, Optional<CustomerKey> referrer) {
        try {
            delivered.fire(new Delivered(customer, referrer));
        } catch (RuntimeException e) {
            Log.warnf("Delivered %d, but evicting cached dashboards failed: %s", entry.id(),
                    e.getClass().getSimpleName());
        }
    }
}
