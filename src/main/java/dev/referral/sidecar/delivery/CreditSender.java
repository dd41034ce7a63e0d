package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Operation;

import dev.referral.sidecar.partnero.NewCredit;
import dev.referral.sidecar.partnero.PartneroClient;
import dev.referral.sidecar.referral.CustomerKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Credits a balance. Credits have no key and no look-up upstream (H6), so {@link Attempts} never lets an entry
 * whose earlier attempt may have arrived reach this sender: it becomes a dead letter for an operator instead.
 */
@ApplicationScoped
class CreditSender implements Sender {

    private final PartneroClient partnero;
    private final Writes writes;

    CreditSender(PartneroClient partnero, Writes writes) {
        this.partnero = partnero;
        this.writes = writes;
    }

    @Override
    public Operation operation() {
        return Operation.CREDIT;
    }

    @Override
    public Outcome send(OutboxEntry entry, Deadline deadline) {
        Payloads.Credit credit = writes.read(entry.payload(), Payloads.Credit.class);
        Sender.await(partnero.credit(new CustomerKey(credit.customer()),
                new NewCredit(credit.amount(), credit.amountUnits(), credit.isCurrency())), deadline);
        return new Outcome.Done(null);
    }
}
