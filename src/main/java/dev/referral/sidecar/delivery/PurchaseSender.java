package dev.referral.sidecar.delivery;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Operation;

import dev.referral.sidecar.partnero.CustomerRef;
import dev.referral.sidecar.partnero.Transaction;
import io.smallrye.mutiny.Uni;
import dev.referral.sidecar.partnero.NewTransaction;
import dev.referral.sidecar.partnero.PartneroClient;
import dev.referral.sidecar.referral.TransactionKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records a purchase. Partnero does not deduplicate keys (H1): after an attempt whose outcome is unknown, Partnero
 * is asked first ({@code GET /transactions/{key}}), and the purchase is sent again only if it is not there and no
 * refund of it was accepted meanwhile: then both are cancelled and nothing is sent (DESIGN.md "Refunds").
 */
@ApplicationScoped
class PurchaseSender implements Sender {

    private final PartneroClient partnero;
    private final Writes writes;
    private final Outbox outbox;

    PurchaseSender(PartneroClient partnero, Writes writes, Outbox outbox) {
        this.partnero = partnero;
        this.writes = writes;
        this.outbox = outbox;
    }

    @Override
    public Operation operation() {
        return Operation.PURCHASE;
    }

    @Override
    public Outcome send(OutboxEntry entry, Deadline deadline) {
        Payloads.Purchase purchase = writes.read(entry.payload(), Payloads.Purchase.class);
        if (entry.maybeSent()) {
            if (Sender.await(partnero.transaction(new TransactionKey(purchase.key())), deadline).isPresent()) {
                return new Outcome.Done(null);
            }
            java.util.Optional<OutboxEntry> refund = outbox.find(Operation.REFUND, purchase.key())
                    .filter(r -> r.state() == OutboxEntry.State.PENDING && !r.maybeSent());
            if (refund.isPresent()) {
                return new Outcome.Cancelled(refund.get().id());
            }
        }
        Sender.await(create(purchase), deadline);
        return new Outcome.Done(null);
    }

    /**
     * A first attempt is one request: sent without a thread. After an unknown outcome the look-ups of
     * {@link #send} block, so that path keeps the worker thread.
     */
    @Override
    public CompletionStage<Outcome> sendAsync(OutboxEntry entry, Deadline deadline, Executor executor) {
        if (entry.maybeSent()) {
            return Sender.super.sendAsync(entry, deadline, executor);
        }
        return Sender.later(create(writes.read(entry.payload(), Payloads.Purchase.class)), deadline)
                .thenApply(created -> new Outcome.Done(null));
    }

    private Uni<Transaction> create(Payloads.Purchase purchase) {
        return partnero.createTransaction(new NewTransaction(new CustomerRef(purchase.customer()), purchase.key(),
                purchase.amount(), purchase.action()));
    }
}
