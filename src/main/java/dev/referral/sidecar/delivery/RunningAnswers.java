package dev.referral.sidecar.delivery;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.referral.sidecar.delivery.Accepted.Earlier;
import dev.referral.sidecar.delivery.Accepted.Status;

/**
 * The immediate attempts in flight in this process, by row. A repeat of a key whose first write is in flight is
 * answered from that attempt, as the first caller is, instead of "queued" about a row the attempt may be about to
 * drop (a refund of a transaction Partnero never had is dropped and answered 404). Whoever is told "queued" about a
 * row keeps it from being dropped. An entry leaves when its attempt is recorded, within the attempt deadline.
 * <p>
 * Limits: an attempt is registered when its accepting commit is answered, on the first caller's event loop; with the
 * shipped single event loop a repeat accepted after it is answered after that registration. The registry is this
 * process's: a repeat that reaches another replica (PostgreSQL) is answered from the row, as before.
 */
final class RunningAnswers {

    private final ConcurrentHashMap<Long, Running> running = new ConcurrentHashMap<>();

    /** One attempt in flight: the first caller's answer, and the same answer once the outcome is recorded. */
    static final class Running {

        private final CompletableFuture<Accepted> told = new CompletableFuture<>();
        private final CompletableFuture<Accepted> settled = new CompletableFuture<>();
        private boolean promisedQueued;

        /** The first caller's answer: what the attempt achieved, or "queued" at its deadline, whichever is first. */
        CompletableFuture<Accepted> told() {
            return told;
        }

        /** Completes once the attempt's outcome is recorded (a dropped row is gone by then), with {@link #told}. */
        CompletableFuture<Accepted> settled() {
            return settled;
        }

        /**
         * Partnero never had the row's refund: true if the first caller is now told 404, so the row may be dropped;
         * false if anyone has been told "queued" about it (the first caller at its deadline, a repeat), so it is kept.
         */
        synchronized boolean tellNotFound(Accepted notFound) {
            return !promisedQueued && told.complete(notFound);
        }

        /**
         * A repeat is about to be told "queued" about this row: from now on it is never dropped. False when the first
         * caller has been told 404 already; then the repeat is told that too.
         */
        synchronized boolean promiseQueued() {
            if (told.isDone() && told.join().status() == Status.NOT_FOUND) {
                return false;
            }
            promisedQueued = true;
            return true;
        }
    }

    /** Registers the attempt at row {@code id}, about to start; it leaves once {@link #settle}d. */
    Running open(long id) {
        Running attempt = new Running();
        running.put(id, attempt);
        attempt.settled.whenComplete((a, e) -> running.remove(id, attempt));
        return attempt;
    }

    /** The attempt's outcome is recorded: the first caller is told {@code answer} unless told already. */
    static void settle(Running attempt, Accepted answer) {
        attempt.told.complete(answer);
        attempt.settled.complete(attempt.told.join());
    }

    /** The attempt in flight at row {@code id}, if one is. */
    Optional<Running> of(long id) {
        return Optional.ofNullable(running.get(id));
    }

    /** What a repeat of {@code entry} is told, given what its first write's caller was told. */
    static Accepted asRepeat(NewEntry entry, Accepted first) {
        return switch (first.status()) {
            case DELIVERED -> new Accepted(entry, Status.DUPLICATE, Optional.of(Earlier.DELIVERED), null,
                    Optional.empty());
            case DUPLICATE -> new Accepted(entry, Status.DUPLICATE, first.earlier(), null, Optional.empty());
            case QUEUED -> new Accepted(entry, Status.DUPLICATE, Optional.of(Earlier.QUEUED), null, Optional.empty());
            case NOT_FOUND -> Accepted.notFound(entry);
            case REJECTED, DEAD_LETTER -> new Accepted(entry, first.status(), Optional.of(Earlier.DEAD), null,
                    first.rejection());
        };
    }
}
