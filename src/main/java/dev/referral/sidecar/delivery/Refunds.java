package dev.referral.sidecar.delivery;

import java.util.Optional;

import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.referral.TransactionKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether a refund has to go upstream at all. A purchase that never left the outbox is cancelled there and never
 * sent; otherwise the refund is a write in the purchase's lane (after the sale), or in a lane of its own for a
 * transaction the sidecar never saw.
 */
@ApplicationScoped
class Refunds {

    private final Store store;
    private final Outbox outbox;
    private final Writes writes;

    Refunds(Store store, Outbox outbox, Writes writes) {
        this.store = store;
        this.outbox = outbox;
        this.writes = writes;
    }

    /** The refund of {@code key} to accept; empty when its purchase is cancelled (now or before) instead. */
    Optional<NewEntry> refund(TransactionKey key) {
        if (cancelQueued(key)) {
            return Optional.empty();
        }
        Optional<OutboxEntry> purchase = outbox.find(Operation.PURCHASE, key.value());
        if (purchase.map(p -> p.state() == OutboxEntry.State.CANCELLED).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(writes.refund(key, purchase.map(OutboxEntry::lane).orElse(null)));
    }

    /**
     * Cancels the purchase {@code key} if it was never sent and never will be (pending and unclaimed, or dead without
     * any attempt that may have arrived); true if it was cancelled.
     */
    private boolean cancelQueued(TransactionKey key) {
        return store.write(c -> {
            Optional<OutboxEntry> row = outbox.find(c, Operation.PURCHASE, key.value());
            return row.isPresent() && outbox.cancel(c, row.get().id());
        });
    }
}
