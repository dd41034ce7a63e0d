package dev.referral.sidecar.delivery;

import dev.referral.sidecar.config.RuntimeMode;
import dev.referral.sidecar.outbox.OutboxUpkeep;
import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.referral.CustomerKey;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Personal data at rest: the sidecar is not a customer database. Delivered and discarded sign-ups and relays lose
 * their payload in the outbox; this class erases one customer's on request and checkpoints SQLite's log so the
 * bytes leave the files too (with {@code secure_delete}, overwritten content is zeroed).
 */
@ApplicationScoped
public class PersonalData {

    private final OutboxUpkeep upkeep;
    private final Store store;
    private final RuntimeMode mode;

    PersonalData(OutboxUpkeep upkeep, Store store, RuntimeMode mode) {
        this.upkeep = upkeep;
        this.store = store;
        this.mode = mode;
    }

    /**
     * Erases what the store holds about {@code customer}: its sign-up payload (email, name, surname, date of birth)
     * is wiped, and a sign-up not yet delivered is discarded, never to be sent. Keys stay for dedupe. Returns the
     * number of rows changed.
     */
    public int erase(CustomerKey customer) {
        int erased = upkeep.erasePersonalData(customer.value());
        checkpoint();
        Log.infof("Personal data erased on request: %d sign-up row(s)", erased);
        return erased;
    }

    @Scheduled(every = "${sidecar.store.checkpoint-interval}", delay = 1,
            delayUnit = java.util.concurrent.TimeUnit.MINUTES, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkpoint() {
        if (mode.sidecarServed()) {
            store.checkpoint();
        }
    }
}
