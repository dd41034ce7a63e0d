package dev.referral.sidecar.delivery;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.referral.sidecar.delivery.Accepted.Earlier;
import dev.referral.sidecar.delivery.Accepted.Status;

/**
 * The answers of immediate attempts still running, by row. A repeat of a key whose first write is in flight waits for
 * that attempt's outcome and is answered as the first caller is, instead of "queued" about a row the attempt may be
 * about to remove (a refund of a transaction Partnero never had is forgotten and answered 404). An entry leaves when
 * its attempt ends, which it does within the attempt deadline.
 */
final class RunningAnswers {

    private final ConcurrentHashMap<Long, CompletableFuture<Accepted>> running = new ConcurrentHashMap<>();

    /** Keeps {@code answer} as row {@code id}'s until it completes. */
    void track(long id, CompletableFuture<Accepted> answer) {
        running.put(id, answer);
        answer.whenComplete((a, e) -> running.remove(id, answer));
    }

    /** The answer row {@code id}'s attempt in flight will give, if one is in flight. */
    Optional<CompletableFuture<Accepted>> of(long id) {
        return Optional.ofNullable(running.get(id));
    }

    /** What a repeat of {@code entry} is told, given what its first write's attempt achieved. */
    static Accepted asRepeat(NewEntry entry, Accepted first) {
        return switch (first.status()) {
            case DELIVERED -> new Accepted(entry, Status.DUPLICATE, Optional.of(Earlier.DELIVERED), null,
                    Optional.empty());
            case DUPLICATE -> new Accepted(entry, Status.DUPLICATE, first.earlier(), null, Optional.empty());
            case QUEUED -> new Accepted(entry, Status.DUPLICATE, Optional.of(Earlier.QUEUED), null, Optional.empty());
            case NOT_FOUND -> new Accepted(entry, Status.NOT_FOUND, Optional.empty(), null, Optional.empty());
            case REJECTED, DEAD_LETTER -> new Accepted(entry, first.status(), Optional.of(Earlier.DEAD), null,
                    first.rejection());
        };
    }
}
