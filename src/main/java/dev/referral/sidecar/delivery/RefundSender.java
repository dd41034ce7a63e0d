package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Operation;

import dev.referral.sidecar.partnero.PartneroClient;
import dev.referral.sidecar.partnero.PartneroRejected;
import dev.referral.sidecar.referral.TransactionKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reverses a transaction ({@code DELETE /transactions/{key}}). A 404 after an earlier attempt may have arrived
 * means that attempt did it (H7); a 404 on a refund never sent before means Partnero never had the key.
 */
@ApplicationScoped
class RefundSender implements Sender {

    private final PartneroClient partnero;
    private final Writes writes;

    RefundSender(PartneroClient partnero, Writes writes) {
        this.partnero = partnero;
        this.writes = writes;
    }

    @Override
    public Operation operation() {
        return Operation.REFUND;
    }

    @Override
    public Outcome send(OutboxEntry entry, Deadline deadline) {
        Payloads.Refund refund = writes.read(entry.payload(), Payloads.Refund.class);
        try {
            Sender.await(partnero.deleteTransaction(new TransactionKey(refund.key())), deadline);
            return new Outcome.Done(null);
        } catch (PartneroRejected rejected) {
            if (!rejected.notFound()) {
                throw rejected;
            }
            return entry.maybeSent() ? new Outcome.Done(null) : new Outcome.Unknown();
        }
    }
}
