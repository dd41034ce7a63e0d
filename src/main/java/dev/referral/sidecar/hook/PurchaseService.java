package dev.referral.sidecar.hook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import dev.referral.sidecar.delivery.Accepted;
import dev.referral.sidecar.delivery.Accepted.Status;
import dev.referral.sidecar.delivery.Delivery;
import dev.referral.sidecar.delivery.NewEntry;
import dev.referral.sidecar.delivery.RejectedException;
import dev.referral.sidecar.partnero.PartneroFailure;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.TransactionKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Purchases: every transaction key is accepted at most once (Partnero would pay a repeat twice, H1), the batch
 * all or nothing, then sent one by one in order behind the customer's earlier writes.
 */
@ApplicationScoped
public class PurchaseService {

    private final Delivery delivery;

    PurchaseService(Delivery delivery) {
        this.delivery = delivery;
    }

    /** The answer once the batch is committed and, unless {@code respondAsync}, attempted within the deadline. */
    public CompletionStage<HookAnswer<PurchaseHookResponse>> purchase(PurchaseHookRequest request,
            boolean respondAsync) {
        CustomerKey customer = new CustomerKey(request.customerKey());
        List<PurchaseLine> lines = request.lines();
        // Partnero does not deduplicate keys, so a purchase becomes idempotent here, before anything is sent.
        List<NewEntry> entries = lines.stream()
                .map(l -> delivery.purchase(customer, new TransactionKey(l.key()), l.amount(), l.action()))
                .toList();
        return delivery.submitAsync(entries, !respondAsync).thenApply(accepted -> answer(request, accepted));
    }

    private static HookAnswer<PurchaseHookResponse> answer(PurchaseHookRequest request,
            List<Accepted> accepted) {
        if (accepted.stream().allMatch(a -> a.status() == Status.REJECTED)) {
            boolean batch = request.transactions() != null;
            throw new RejectedException(accepted.stream().map(a -> a.rejection().orElseThrow()).toList(),
                    (i, f) -> ourField(f, batch, i));
        }
        List<PurchaseHookResponse.Item> items = new ArrayList<>();
        for (Accepted a : accepted) {
            items.add(new PurchaseHookResponse.Item(a.entry().dedupeKey(), status(a.status()),
                    a.rejection().map(PartneroFailure::message).orElse(null)));
        }
        return new HookAnswer<>(httpStatus(accepted), new PurchaseHookResponse(items));
    }

    private static int httpStatus(List<Accepted> accepted) {
        if (accepted.stream().anyMatch(a -> a.status() == Status.QUEUED || a.status() == Status.DEAD_LETTER)) {
            return 202;
        }
        if (accepted.stream().allMatch(a -> a.status() == Status.DUPLICATE)) {
            return 200;
        }
        return 201;
    }

    private static String status(Status status) {
        return status == Status.NOT_FOUND ? "rejected" : status.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Partnero's field of a single transaction, in the hook's terms. */
    static String ourField(String upstream, boolean batch, int index) {
        String field = upstream.startsWith("customer") ? "customer_key" : upstream;
        return batch && !field.equals("customer_key") ? "transactions[" + index + "]." + field : field;
    }
}
