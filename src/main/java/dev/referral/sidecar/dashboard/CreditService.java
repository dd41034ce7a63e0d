package dev.referral.sidecar.dashboard;

import java.util.List;
import java.util.Locale;

import dev.referral.sidecar.delivery.Deliveries;
import dev.referral.sidecar.delivery.RejectedException;
import dev.referral.sidecar.delivery.Writes;
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

    private final Writes writes;
    private final Deliveries deliveries;

    CreditService(Writes writes, Deliveries deliveries) {
        this.writes = writes;
        this.deliveries = deliveries;
    }

    public Answer credit(CustomerKey customer, CreditRequest request, boolean respondAsync) {
        IdempotencyKey key = new IdempotencyKey(request.idempotencyKey());
        var entries = List.of(writes.credit(customer, key, request.amount(), request.amountUnits(),
                request.isCurrency()));
        Deliveries.Accepted accepted = (respondAsync ? deliveries.queue(entries) : deliveries.submit(entries)).get(0);
        int status = switch (accepted.status()) {
            case DELIVERED -> 201;
            case DUPLICATE -> 200;
            case REJECTED, NOT_FOUND -> throw new RejectedException(
                    accepted.rejection().map(List::of).orElse(List.of()), (i, f) -> f);
            case QUEUED, DEAD_LETTER -> 202;
        };
        // A credit whose answer was lost is stored but never re-sent on its own (H6): say so, not "queued".
        String what = accepted.status() == Deliveries.Status.DEAD_LETTER ? "outcome_unknown"
                : accepted.status().name().toLowerCase(Locale.ROOT);
        return new Answer(status, new CreditResponse(key.value(), what));
    }
}
