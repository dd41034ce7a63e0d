package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.Payloads;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import dev.referral.sidecar.partnero.CustomerRef;
import dev.referral.sidecar.partnero.Transaction;
import io.smallrye.mutiny.Uni;
import dev.referral.sidecar.partnero.NewTransaction;
import dev.referral.sidecar.partnero.PartneroClient;
import dev.referral.sidecar.referral.TransactionKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records a purchase. Partnero does not deduplicate keys (H1): after an attempt whose outcome is unknown, Partnero
 * is asked first ({@code GET /transactions/{key}}), and the purchase is sent again only if it is not there.
 */
@ApplicationScoped
class PurchaseSender implements Sender {

    private final PartneroClient partnero;
    private final Writes writes;

    PurchaseSender(PartneroClient partnero, Writes writes) {
        this.partnero = partnero;
        this.writes = writes;
    }

    @Override
    public Operation operation() {
        return Operation.PURCHASE;
    }

    @Override
    public Outcome send(OutboxEntry entry) {
        Payloads.Purchase purchase = writes.read(entry.payload(), Payloads.Purchase.class);
        if (entry.maybeSent()
                && Sender.await(partnero.transaction(new TransactionKey(purchase.key()))).isPresent()) {
            return new Outcome.Done(null);
        }
        Sender.await(create(purchase));
        return new Outcome.Done(null);
    }

    /** A first attempt is one POST: it runs on the event loop, no thread waits for Partnero. */
    @Override
    public CompletionStage<Outcome> sendAsync(OutboxEntry entry, Executor executor) {
        if (entry.maybeSent()) {
            return Sender.super.sendAsync(entry, executor);
        }
        return create(writes.read(entry.payload(), Payloads.Purchase.class))
                .ifNoItem().after(Sender.CALL_LIMIT).fail()
                .map(t -> (Outcome) new Outcome.Done(null)).subscribeAsCompletionStage();
    }

    private Uni<Transaction> create(Payloads.Purchase purchase) {
        return partnero.createTransaction(new NewTransaction(new CustomerRef(purchase.customer()), purchase.key(),
                purchase.amount(), purchase.action()));
    }
}
