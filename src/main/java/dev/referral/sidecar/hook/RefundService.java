package dev.referral.sidecar.hook;

import java.util.List;
import java.util.Optional;

import dev.referral.sidecar.ProblemException;
import dev.referral.sidecar.ProblemType;
import dev.referral.sidecar.delivery.Accepted;
import dev.referral.sidecar.delivery.Delivery;
import dev.referral.sidecar.delivery.NewEntry;
import dev.referral.sidecar.delivery.RejectedException;
import dev.referral.sidecar.referral.TransactionKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refunds. A purchase that never left the outbox is cancelled there and never sent; otherwise the refund is a
 * durable, deduplicated write in the purchase's lane (after the sale), or in a lane of its own for a transaction
 * the sidecar never saw ({@link Delivery#refund}).
 */
@ApplicationScoped
public class RefundService {

    private final Delivery delivery;

    RefundService(Delivery delivery) {
        this.delivery = delivery;
    }

    public HookAnswer<RefundHookResponse> refund(RefundHookRequest request, boolean respondAsync) {
        TransactionKey key = new TransactionKey(request.key());
        Optional<NewEntry> refund = delivery.refund(key);
        if (refund.isEmpty()) {
            return answer(200, key, "cancelled");
        }
        List<NewEntry> entries = List.of(refund.get());
        Accepted accepted = (respondAsync ? delivery.queue(entries) : delivery.submit(entries)).get(0);
        return switch (accepted.status()) {
            case DELIVERED -> answer(200, key, "refunded");
            case QUEUED, DEAD_LETTER -> answer(202, key, "queued");
            case NOT_FOUND -> throw new UnknownTransactionException(key);
            case REJECTED -> throw new RejectedException(List.of(accepted.rejection().orElseThrow()), (i, f) -> f);
            case DUPLICATE -> repeated(key, accepted.earlier().orElseThrow());
        };
    }

    private static HookAnswer<RefundHookResponse> repeated(TransactionKey key, Accepted.Earlier earlier) {
        return switch (earlier) {
            case DELIVERED -> answer(200, key, "duplicate");
            case QUEUED -> answer(202, key, "queued");
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
