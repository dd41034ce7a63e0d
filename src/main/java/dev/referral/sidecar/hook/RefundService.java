package dev.referral.sidecar.hook;

import java.util.List;
import java.util.Optional;

import dev.referral.sidecar.ProblemException;
import dev.referral.sidecar.ProblemType;
import dev.referral.sidecar.delivery.Deliveries;
import dev.referral.sidecar.outbox.NewEntry;
import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.delivery.RejectedException;
import dev.referral.sidecar.delivery.Writes;
import dev.referral.sidecar.referral.TransactionKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refunds. A purchase that never left the outbox is cancelled there and never sent; otherwise the refund is a
 * durable, deduplicated write in the purchase's lane (after the sale), or in a lane of its own for a transaction
 * the sidecar never saw.
 */
@ApplicationScoped
public class RefundService {

    private final Outbox outbox;
    private final Writes writes;
    private final Deliveries deliveries;

    RefundService(Outbox outbox, Writes writes, Deliveries deliveries) {
        this.outbox = outbox;
        this.writes = writes;
        this.deliveries = deliveries;
    }

    public HookAnswer<RefundHookResponse> refund(RefundHookRequest request, boolean respondAsync) {
        TransactionKey key = new TransactionKey(request.key());
        if (deliveries.cancel(Operation.PURCHASE, key.value())) {
            return answer(200, key, "cancelled");
        }
        Optional<OutboxEntry> purchase = outbox.find(Operation.PURCHASE, key.value());
        if (purchase.map(p -> p.state() == OutboxEntry.State.CANCELLED).orElse(false)) {
            return answer(200, key, "cancelled");
        }
        String lane = purchase.map(OutboxEntry::lane).orElse(null);
        List<NewEntry> entries = List.of(writes.refund(key, lane));
        Deliveries.Accepted accepted = (respondAsync ? deliveries.queue(entries) : deliveries.submit(entries)).get(0);
        return switch (accepted.status()) {
            case DELIVERED -> answer(200, key, "refunded");
            case QUEUED, DEAD_LETTER -> answer(202, key, "queued");
            case NOT_FOUND -> throw new UnknownTransactionException(key);
            case REJECTED -> throw new RejectedException(List.of(accepted.rejection().orElseThrow()), (i, f) -> f);
            case DUPLICATE -> repeated(key, accepted.existing().orElseThrow());
        };
    }

    private static HookAnswer<RefundHookResponse> repeated(TransactionKey key, OutboxEntry existing) {
        return switch (existing.state()) {
            case DELIVERED -> answer(200, key, "duplicate");
            case PENDING -> answer(202, key, "queued");
            default -> throw new UnknownTransactionException(key);
        };
    }

    private static HookAnswer<RefundHookResponse> answer(int status, TransactionKey key, String what) {
        return new HookAnswer<>(status, new RefundHookResponse(key.value(), what));
    }

    /** Unknown to the sidecar and to Partnero: 404, nothing stored. */
    static class UnknownTransactionException extends ProblemException {
        UnknownTransactionException(TransactionKey key) {
            super(ProblemType.NOT_FOUND, "Unknown transaction",
                    "Neither the sidecar nor Partnero knows transaction " + key.value());
        }
    }
}
