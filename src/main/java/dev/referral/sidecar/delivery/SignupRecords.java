package dev.referral.sidecar.delivery;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.referral.sidecar.config.StoreConfig;
import dev.referral.sidecar.outbox.CustomerRecords;
import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.KeyRule;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Read access to the sidecar's own sign-up records (the dashboard's "pending" answer, a repeated sign-up's). Created
 * customers are remembered by {@link CustomerRecords}; that there is no sign-up of a customer at all (the usual case
 * for a dashboard of a customer signed up before the sidecar) is remembered here for {@code sidecar.store.no-signup-ttl},
 * and forgotten as soon as this sidecar accepts a sign-up of that customer.
 */
@ApplicationScoped
class SignupRecords {

    private static final int MAX_REMEMBERED = 10_000;

    private final Outbox outbox;
    private final CustomerRecords customers;
    private final Clock clock;
    private final long noSignupTtlMillis;
    /** Customer key to the time (epoch millis) until which "no sign-up here" holds; guarded by itself. */
    private final Map<String, Long> noSignup = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    /** Bumped (under the map's lock) by every sign-up accepted: a look-up that overlapped one is not remembered. */
    private long generation;

    SignupRecords(Outbox outbox, CustomerRecords customers, StoreConfig config, Clock clock) {
        this.outbox = outbox;
        this.customers = customers;
        this.clock = clock;
        this.noSignupTtlMillis = config.noSignupTtl().toMillis();
    }

    /** The key of the customer this sidecar created and Partnero knows as {@code partneroId} (a store read). */
    Optional<CustomerKey> keyOf(String partneroId) {
        return customers.keyOf(partneroId);
    }

    /**
     * What {@link #find} would answer, when it is known without reading the store: a created customer's record, or
     * that there is no sign-up. Empty: read it with {@link #find} (off the event loop).
     */
    Optional<Optional<SignupRecord>> known(CustomerKey key) {
        Optional<SignupRecord> created = customers.cached(key).map(r -> recordOf(key, r));
        if (created.isPresent()) {
            return Optional.of(created);
        }
        synchronized (noSignup) {
            Long until = noSignup.get(key.value());
            return until != null && until > clock.millis() ? Optional.of(Optional.empty()) : Optional.empty();
        }
    }

    /**
     * Called before sign-ups of these entries are committed, and again once the commit is over: "no sign-up" no
     * longer holds for their customers, and a look-up that ran in between (and saw nothing yet) is not remembered.
     */
    void accepting(List<NewEntry> entries) {
        for (NewEntry entry : entries) {
            if (entry.operation() == Operation.SIGNUP) {
                synchronized (noSignup) {
                    generation++;
                    noSignup.remove(entry.dedupeKey());
                }
            }
        }
    }

    /** A dead sign-up may be pending again (an operator retried it): nothing remembered holds any more. */
    void forgetAbsences() {
        synchronized (noSignup) {
            generation++;
            noSignup.clear();
        }
    }

    /** The sign-up of {@code key} if this sidecar accepted one. */
    Optional<SignupRecord> find(CustomerKey key) {
        long seen;
        synchronized (noSignup) {
            seen = generation;
        }
        Optional<SignupRecord> found = read(key);
        if (found.isEmpty() && noSignupTtlMillis > 0) {
            synchronized (noSignup) {
                if (generation == seen) {
                    noSignup.put(key.value(), clock.millis() + noSignupTtlMillis);
                }
            }
        }
        return found;
    }

    private static SignupRecord recordOf(CustomerKey key, dev.referral.sidecar.outbox.CustomerRecord r) {
        return new SignupRecord(key, false, Optional.ofNullable(r.partneroId()),
                Optional.ofNullable(r.referrer()).filter(KeyRule::valid).map(CustomerKey::new));
    }

    private Optional<SignupRecord> read(CustomerKey key) {
        Optional<SignupRecord> created = customers.find(key).map(r -> recordOf(key, r));
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
