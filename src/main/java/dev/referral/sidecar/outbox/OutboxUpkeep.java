package dev.referral.sidecar.outbox;

import static dev.referral.sidecar.outbox.Jdbc.many;
import static dev.referral.sidecar.outbox.Jdbc.update;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The outbox rows' changes that come from outside delivery: an operator's dead-letter actions, the erasure of a
 * customer's personal data, and the pruning of finished rows. Delivery's own transitions are {@link Outbox}'s.
 */
@ApplicationScoped
public class OutboxUpkeep {

    private final Store store;
    private final Clock clock;

    public OutboxUpkeep(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Dead letters, oldest first. */
    public List<OutboxEntry> readDead() {
        return store.read(c -> many(c, Outbox.SELECT + "WHERE state = 'DEAD' ORDER BY id"));
    }

    /**
     * Makes dead letter {@code id} pending again, from scratch; true if it was dead. A row that may have reached
     * Partnero is checked upstream first, after {@code checkPause}; an operator who retries an {@code outcome_unknown}
     * credit has checked it did not arrive, so its mark is cleared.
     */
    public boolean retryDead(long id, Duration checkPause) {
        return deadTransition(id, "UPDATE outbox SET state = 'PENDING', attempts = 0, maybe_sent = CASE WHEN operation "
                + "= 'CREDIT' THEN 0 ELSE maybe_sent END, dead_reason = NULL, next_attempt_at = ? + CASE WHEN "
                + "maybe_sent = 1 AND operation <> 'CREDIT' THEN " + checkPause.toMillis() + " ELSE 0 END, "
                + "updated_at = ? WHERE id = ? AND state = 'DEAD'");
    }

    /** Gives up on dead letter {@code id}: never sent, the rows behind it go on; true if it was dead. */
    public boolean discardDead(long id) {
        return deadTransition(id, "UPDATE outbox SET state = 'DISCARDED', " + Outbox.FORGET_PERSONAL
                + ", next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'DEAD'");
    }

    private boolean deadTransition(long id, String sql) {
        long now = clock.millis();
        return store.write(c -> update(c, sql, now, now, id)) == 1;
    }

    /**
     * Wipes the sign-up payload of {@code customerKey} (email, name, surname, date of birth), discarding it when not
     * delivered yet: it is never sent. The key stays for dedupe. The number of rows changed.
     */
    public int erasePersonalData(String customerKey) {
        long now = clock.millis();
        return store.write(c -> update(c, "UPDATE outbox SET payload = '{}', state = CASE WHEN state IN "
                + "('PENDING', 'DEAD') THEN 'DISCARDED' ELSE state END, next_attempt_at = ?, updated_at = ? "
                + "WHERE operation = 'SIGNUP' AND dedupe_key = ? AND payload <> '{}'", now, now, customerKey));
    }

    /** Deletes finished rows last changed before {@code before} (epoch millis); the count deleted. */
    public int prune(long before) {
        return store.write(c -> update(c, "DELETE FROM outbox WHERE state IN ('DELIVERED', 'CANCELLED', 'DISCARDED') "
                + "AND updated_at < ?", before));
    }
}
