package dev.referral.sidecar.dashboard;

import java.util.List;
import java.util.Locale;

import dev.referral.sidecar.delivery.Accepted;
import dev.referral.sidecar.delivery.Delivery;
import dev.referral.sidecar.delivery.RejectedException;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.IdempotencyKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Credits to a balance, through the outbox like every write. Partnero cannot tell whether a credit arrived (H6),
 * so the idempotency key is the only protection against paying twice: it is required.
 */
@ApplicationScoped
public class CreditService {

    /** A credit's HTTP status and body. */
    public record Answer(int status, CreditResponse body) {
    }

    private final Delivery delivery;

    CreditService(Delivery delivery) {
        this.delivery = delivery;
    }

    public Answer credit(CustomerKey customer, CreditRequest request, boolean respondAsync) {
        IdempotencyKey key = new IdempotencyKey(request.idempotencyKey());
        var entries = List.of(delivery.credit(customer, key, request.amount(), request.amountUnits(),
                request.isCurrency()));
        Accepted accepted = (respondAsync ? delivery.queue(entries) : delivery.submit(entries)).get(0);
        int status = switch (accepted.status()) {
            case DELIVERED -> 201;
            case DUPLICATE -> 200;
            case REJECTED, NOT_FOUND -> throw new RejectedException(
                    accepted.rejection().map(List::of).orElse(List.of()), (i, f) -> f);
            case QUEUED, DEAD_LETTER -> 202;
        };
        // A credit whose answer was lost is stored but never re-sent on its own (H6): say so, not "queued".
        String what = accepted.status() == Accepted.Status.DEAD_LETTER ? "outcome_unknown"
                : accepted.status().name().toLowerCase(Locale.ROOT);
        return new Answer(status, new CreditResponse(key.value(), what));
    }
}
