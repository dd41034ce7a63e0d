package dev.referral.sidecar.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.context.ManagedExecutor;

import dev.referral.sidecar.config.HookConfig;
import dev.referral.sidecar.delivery.Accepted.Earlier;
import dev.referral.sidecar.delivery.Accepted.Status;
import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.partnero.PartneroFailure;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tries each newly accepted write once, in order, within the hook deadline, and says what became of each. Whatever
 * is not delivered by then stays in the outbox for the dispatcher; an attempt still running at the deadline goes on
 * and keeps its claim. The write is committed before any of this: whatever goes wrong here, the answer is "queued",
 * never "not stored".
 */
@ApplicationScoped
class ImmediateAttempts {

    private final Outbox outbox;
    private final Attempts attempts;
    private final WriteGate gate;
    private final HookConfig hooks;
    private final ManagedExecutor executor;
    private final Clock clock;
    private final RunningAnswers running = new RunningAnswers();

    ImmediateAttempts(Outbox outbox, Attempts attempts, WriteGate gate, HookConfig hooks, ManagedExecutor executor,
            Clock clock) {
        this.outbox = outbox;
        this.attempts = attempts;
        this.gate = gate;
        this.hooks = hooks;
        this.executor = executor;
        this.clock = clock;
    }

    /** When a hook called now stops waiting for its attempts. */
    Instant deadline() {
        return clock.instant().plus(hooks.deadline());
    }

    /**
     * The answers of {@code rows}, one after the other: a later row of a batch waits for the ones before it.
     * {@code waiting}: the caller waits for attempts (no {@code Prefer: respond-async}), a repeat's included;
     * without, any attempt here runs in the background, its caller told "queued" already.
     */
    CompletionStage<List<Accepted>> answerAll(List<Acceptor.Row> rows, Instant deadline, boolean waiting) {
        CompletionStage<List<Accepted>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (int i = 0; i < rows.size(); i++) {
            Acceptor.Row row = rows.get(i);
            boolean last = i == rows.size() - 1;
            chain = chain.thenCompose(answers -> answer(row, deadline, last, waiting).thenApply(a -> {
                answers.add(a);
                return answers;
            }));
        }
        return chain;
    }

    private CompletionStage<Accepted> answer(Acceptor.Row row, Instant deadline, boolean last, boolean waiting) {
        if (row.existing().isPresent()) {
            return repeat(row.entry(), row.existing().get(), deadline, waiting);
        }
        if (row.sending().isPresent()) {
            return immediate(row.entry(), row.sending().get(), deadline, last, !waiting);
        }
        if (row.queued()) {
            return CompletableFuture.completedFuture(Accepted.queued(row.entry()));
        }
        // A later row of a batch, claimed at acceptance: attempted (blocking) once the rows before it are delivered.
        return CompletableFuture.supplyAsync(() -> tryNow(row.entry(), deadline), executor);
    }

    /**
     * The attempt whose claim and mark were in the accepting commit; "queued" once the deadline passes.
     * {@code promised}: its caller has been told "queued" already (a background attempt).
     */
    private CompletionStage<Accepted> immediate(NewEntry entry, OutboxEntry row, Instant deadline, boolean last,
            boolean promised) {
        long remaining = deadline.toEpochMilli() - clock.millis();
        if (remaining <= 0) {
            return CompletableFuture.supplyAsync(() -> {
                outbox.release(row.id(), clock.instant(), 0, false, null);
                return Accepted.queued(entry);
            }, executor);
        }
        // The attempt goes on after the deadline and keeps its claim; only this answer stops waiting for it. The
        // first caller is told what the attempt achieved, or "queued" at the deadline, whichever comes first; a refund
        // Partnero never had is dropped only if nobody has been told "queued" about it (RunningAnswers).
        RunningAnswers.Running first = running.open(row.id());
        if (promised) {
            first.promiseQueued();
        }
        attempts.sendMarked(row, !last, () -> first.tellNotFound(Accepted.notFound(entry))).toCompletableFuture()
                .thenCompose(outcome -> outcome instanceof Outcome.Failed failed
                        ? CompletableFuture.supplyAsync(() -> rejectedOrQueued(entry, failed.failure()), executor)
                        : CompletableFuture.completedFuture(outcome instanceof Outcome.Unknown
                                ? first.told().getNow(Accepted.queued(entry)) : answer(entry, outcome)))
                .exceptionally(e -> {
                    Log.errorf(e, "Immediate attempt of a stored %s failed; the dispatcher delivers it",
                            entry.operation());
                    return Accepted.queued(entry);
                })
                .thenAccept(answer -> RunningAnswers.settle(first, answer));
        Resume.completeOnTimeout(first.told(), Accepted.queued(entry), remaining);
        return first.told();
    }

    /**
     * A key accepted before. While its first write's immediate attempt is in flight here, the repeat is answered from
     * it: a waiting caller once the outcome is recorded (within its own deadline), as the first caller was told; one
     * that does not wait (or stops waiting), "queued", which keeps the row from being dropped, or 404 if the first
     * caller was told that already. A refund still pending without an attempt in flight is looked up again: one
     * recorded since the accepting read may have dropped it (its caller told 404), and a repeat must not be told
     * "queued" about a row that is gone.
     */
    private CompletionStage<Accepted> repeat(NewEntry entry, OutboxEntry row, Instant deadline, boolean waiting) {
        if (row.state() != OutboxEntry.State.PENDING) {
            return CompletableFuture.completedFuture(repeated(entry, row));
        }
        Optional<RunningAnswers.Running> first = running.of(row.id());
        if (first.isPresent()) {
            RunningAnswers.Running attempt = first.get();
            long remaining = deadline.toEpochMilli() - clock.millis();
            if (!waiting || remaining <= 0) {
                return CompletableFuture.completedFuture(notWaiting(entry, row, attempt));
            }
            return Resume.completeOnTimeout(attempt.settled().thenApply(a -> RunningAnswers.asRepeat(entry, a)),
                    null, remaining).thenApply(a -> a != null ? a : notWaiting(entry, row, attempt));
        }
        if (entry.operation() != Operation.REFUND) {
            return CompletableFuture.completedFuture(repeated(entry, row));
        }
        return CompletableFuture.supplyAsync(() -> outbox.find(entry.operation(), entry.dedupeKey())
                .map(now -> repeated(entry, now))
                .orElseGet(() -> Accepted.notFound(entry)),
                executor);
    }

    /** A repeat answered without the attempt's outcome: "queued" (the row is then kept), or the first caller's 404. */
    private static Accepted notWaiting(NewEntry entry, OutboxEntry row, RunningAnswers.Running attempt) {
        return attempt.promiseQueued() ? repeated(entry, row) : RunningAnswers.asRepeat(entry, attempt.told().join());
    }

    /**
     * A key accepted before: a duplicate, unless its first delivery became a dead letter. A dead letter Partnero
     * refused is answered as rejected; any other (an unknown outcome, an outage longer than the maximum age, too many
     * strikes) as a dead letter, as its first answer was: Partnero may even have it, so a caller told "rejected" could
     * pay again under a new key.
     */
    private static Accepted repeated(NewEntry entry, OutboxEntry row) {
        Optional<Earlier> earlier = Optional.of(Earlier.of(row.state()));
        if (row.state() != OutboxEntry.State.DEAD) {
            return new Accepted(entry, Status.DUPLICATE, earlier, null, Optional.empty());
        }
        boolean refused = FailedAttempts.REJECTED.equals(row.deadReason());
        PartneroFailure dead = new PartneroFailure(refused ? PartneroFailure.Kind.REJECTED
                : PartneroFailure.Kind.UNKNOWN_OUTCOME, 0, "dead letter " + row.id() + " (" + row.deadReason() + "): "
                + row.lastError(), Map.of(), Optional.empty());
        return new Accepted(entry, refused ? Status.REJECTED : Status.DEAD_LETTER, earlier, null, Optional.of(dead));
    }

    private Accepted tryNow(NewEntry entry, Instant deadline) {
        try {
            return attemptNow(entry, deadline);
        } catch (RuntimeException e) {
            Log.errorf(e, "Immediate attempt of a stored %s failed; the dispatcher delivers it", entry.operation());
            return Accepted.queued(entry);
        }
    }

    private Accepted attemptNow(NewEntry entry, Instant deadline) {
        OutboxEntry row = outbox.find(entry.operation(), entry.dedupeKey()).orElseThrow();
        long remaining = deadline.toEpochMilli() - clock.millis();
        boolean writable = entry.operation() == Operation.RELAY || gate.open();
        if (remaining <= 0 || !writable || !outbox.isHead(row.id())) {
            outbox.release(row.id(), writable ? clock.instant() : gate.opensAt(), 0, false, null);
            return Accepted.queued(entry);
        }
        CompletableFuture<Outcome> attempt = executor.supplyAsync(() -> attempts.run(row, true));
        try {
            return answer(entry, attempt.get(remaining, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Accepted.queued(entry);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Delivery attempt failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Accepted.queued(entry);
        }
    }

    private Accepted answer(NewEntry entry, Outcome outcome) {
        if (outcome instanceof Outcome.Done done) {
            return new Accepted(entry, Status.DELIVERED, Optional.empty(), done.result(), Optional.empty());
        }
        if (outcome instanceof Outcome.Failed failed) {
            return rejectedOrQueued(entry, failed.failure());
        }
        return Accepted.notFound(entry);
    }

    private Accepted rejectedOrQueued(NewEntry entry, PartneroFailure failure) {
        boolean dead = outbox.find(entry.operation(), entry.dedupeKey())
                .map(e -> e.state() == OutboxEntry.State.DEAD).orElse(false);
        if (dead) {
            return new Accepted(entry, failure.answered() ? Status.REJECTED : Status.DEAD_LETTER, Optional.empty(),
                    null, Optional.of(failure));
        }
        return Accepted.queued(entry);
    }
}
