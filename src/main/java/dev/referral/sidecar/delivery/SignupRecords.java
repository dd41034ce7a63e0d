package dev.referral.sidecar.delivery;

import java.util.Optional;

import dev.referral.sidecar.outbox.CustomerRecords;
import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.referral.CustomerKey;
import jakarta.enterprise.context.ApplicationScoped;

/** Read access to the sidecar's own sign-up records (the dashboard's "pending" answer, a repeated sign-up's). */
@ApplicationScoped
class SignupRecords {

    private final Outbox outbox;
    private final CustomerRecords customers;

    SignupRecords(Outbox outbox, CustomerRecords customers) {
        this.outbox = outbox;
        this.customers = customers;
    }

    /** The sign-up of {@code key} if this sidecar accepted one. */
    Optional<SignupRecord> find(CustomerKey key) {
        Optional<SignupRecord> created = customers.find(key).map(r -> new SignupRecord(key, false,
                Optional.ofNullable(r.partneroId()), Optional.ofNullable(r.referrer()).map(CustomerKey::new)));
        if (created.isPresent()) {
            return created;
        }
        return outbox.find(Operation.SIGNUP, key.value())
                .filter(e -> e.state() == OutboxEntry.State.PENDING)
                .map(e -> new SignupRecord(key, true, Optional.empty(), Optional.empty()));
    }

    /** The answer a repeated sign-up of {@code key} gets, when this sidecar created that customer. */
    Optional<SignupResult> created(CustomerKey key) {
        return customers.find(key).map(r -> new SignupResult(r.key(), r.partneroId(), r.referrer(), r.referralLink(),
                r.referralLinks(), false, null));
    }
}
