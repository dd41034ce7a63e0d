package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.NewEntry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.context.ManagedExecutor;

import dev.referral.sidecar.config.HookConfig;
import dev.referral.sidecar.partnero.PartneroFailure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The seam between the hooks and Partnero: accept writes durably (all or nothing, deduplicated in the same
 * transaction), then try each new entry once within the hook deadline. Whatever is not delivered by then stays
 * in the outbox for the dispatcher; an attempt still running at the deadline goes on and keeps its claim.
 */
@ApplicationScoped
public class Deliveries {

    /**
     * What became of one submitted write. {@code REJECTED}: Partnero refused it, now or when it was first accepted
     * (a repeat of a dead letter). {@code DEAD_LETTER}: stored, but waiting for an operator without Partnero having
     * refused it (a credit whose answer was lost).
     */
    public enum Status { DELIVERED, QUEUED, DUPLICATE, REJECTED, NOT_FOUND, DEAD_LETTER }

    /**
     * One write's answer: {@code existing} is the row a duplicate matched; {@code result} the operation's JSON
     * answer; {@code rejection} Partnero's refusal on the immediate attempt.
     */
    public record Accepted(NewEntry entry, Status status, Optional<OutboxEntry> existing, String result,
            Optional<PartneroFailure> rejection) {
    }

    private final Store store;
    private final Outbox outbox;
    private final Attempts attempts;
    private final WriteGate gate;
    private final HookConfig hooks;
    private final ManagedExecutor executor;
    private final Clock clock;

    Deliveries(Store store, Outbox outbox, Attempts attempts, WriteGate gate, HookConfig hooks,
            ManagedExecutor executor, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.attempts = attempts;
        this.gate = gate;
        this.hooks = hooks;
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * Accepts {@code entries} in one commit and attempts the new ones in order, waiting for the outcome.
     *
     * @throws KeyReusedException when a key exists with other content; then nothing is stored
     */
    public List<Accepted> submit(List<NewEntry> entries) {
        return join(submitAsync(entries, true));
    }

    /** Accepts {@code entries} in one commit and leaves them all to the dispatcher ({@code Prefer: respond-async}). */
    public List<Accepted> queue(List<NewEntry> entries) {
        return join(submitAsync(entries, false));
    }

    /**
     * Accepts {@code entries} in one group commit, the first new one claimed and marked as about to be sent in that
     * same commit (when {@code attempt}), then attempts them in order within the hook deadline. No thread waits for
     * the commit; the attempt runs as its sender does (a blocking sender on a worker thread). The stage completes on
     * the caller's event loop when called from one.
     */
    public CompletionStage<List<Accepted>> submitAsync(List<NewEntry> entries, boolean attempt) {
        Context context = Vertx.currentContext();
        Instant deadline = clock.instant().plus(hooks.deadline());
        CompletableFuture<List<Row>> accepted = new CompletableFuture<>();
        // One customer's writes per call: its lane picks the writer (PostgreSQL has several).
        String lane = entries.stream().map(NewEntry::lane).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        store.writeAsync(lane, c -> accept(c, entries, attempt)).whenComplete((rows, e) -> {
            if (e instanceof Store.StoreException failure && failure.uniqueViolation()) {
                // Another replica (or writer) inserted one of these keys between our look and our insert: look again.
                store.writeAsync(lane, c -> accept(c, entries, attempt)).whenComplete((again, e2) -> resume(context,
                        accepted, again, e2));
            } else {
                resume(context, accepted, rows, e);
            }
        });
        return accepted.thenCompose(rows -> answerAll(rows, deadline));
    }

    /** One accepted entry: the row that existed before, or the new row when its attempt starts now. */
    private record Row(NewEntry entry, Optional<OutboxEntry> existing, Optional<OutboxEntry> sending, boolean queued) {
    }

    private static <T> void resume(Context context, CompletableFuture<T> target, T value, Throwable failure) {
        Runnable complete = () -> {
            if (failure != null) {
                target.completeExceptionally(failure);
            } else {
                target.complete(value);
            }
        };
        // Completing on the writer's thread would run the caller's next steps there and hold up the next group.
        if (context != null) {
            context.runOnContext(v -> complete.run());
        } else {
            complete.run();
        }
    }

    private CompletionStage<List<Accepted>> answerAll(List<Row> rows, Instant deadline) {
        CompletionStage<List<Accepted>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            boolean last = i == rows.size() - 1;
            chain = chain.thenCompose(answers -> answer(row, deadline, last).thenApply(a -> {
                answers.add(a);
                return answers;
            }));
        }
        return chain;
    }

    private CompletionStage<Accepted> answer(Row row, Instant deadline, boolean last) {
        if (row.existing().isPresent()) {
            return CompletableFuture.completedFuture(repeated(row.entry(), row.existing().get()));
        }
        if (row.sending().isPresent()) {
            return immediate(row.entry(), row.sending().get(), deadline, last);
        }
        if (row.queued()) {
            return CompletableFuture.completedFuture(queued(row.entry()));
        }
        return claimedRow(row.entry(), deadline);
    }

    /** The attempt whose claim and mark were in the accepting commit; "queued" once the deadline passes. */
    private CompletionStage<Accepted> immediate(NewEntry entry, OutboxEntry row, Instant deadline, boolean last) {
        long remaining = deadline.toEpochMilli() - clock.millis();
        if (remaining <= 0) {
            return CompletableFuture.supplyAsync(() -> {
                outbox.release(row.id(), clock.instant(), 0, false, null);
                return queued(entry);
            }, executor);
        }
        // The attempt goes on after the deadline and keeps its claim; only this answer stops waiting for it.
        return attempts.sendMarked(row, !last).toCompletableFuture()
                .thenCompose(outcome -> outcome instanceof Outcome.Failed failed
                        ? CompletableFuture.supplyAsync(() -> rejectedOrQueued(entry, failed.failure()), executor)
                        : CompletableFuture.completedFuture(answer(entry, outcome)))
                .exceptionally(e -> {
                    io.quarkus.logging.Log.errorf(e, "Immediate attempt of a stored %s failed; the dispatcher delivers "
                            + "it", entry.operation());
                    return queued(entry);
                })
                .completeOnTimeout(queued(entry), remaining, TimeUnit.MILLISECONDS);
    }

    /** A later row of a batch, claimed at acceptance: attempted (blocking) once the rows before it are delivered. */
    private CompletionStage<Accepted> claimedRow(NewEntry entry, Instant deadline) {
        return CompletableFuture.supplyAsync(() -> tryNow(entry, deadline), executor);
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** A key accepted before: a duplicate, unless its first delivery became a dead letter. */
    private static Accepted repeated(NewEntry entry, OutboxEntry row) {
        if (row.state() != OutboxEntry.State.DEAD) {
            return new Accepted(entry, Status.DUPLICATE, Optional.of(row), null, Optional.empty());
        }
        PartneroFailure dead = new PartneroFailure(PartneroFailure.Kind.REJECTED, 0, "dead letter " + row.id() + " ("
                + row.deadReason() + "): " + row.lastError(), java.util.Map.of(), Optional.empty());
        return new Accepted(entry, Status.REJECTED, Optional.of(row), null, Optional.of(dead));
    }

    /** The write is committed: whatever goes wrong from here, the answer is "queued", never "not stored". */
    private Accepted tryNow(NewEntry entry, Instant deadline) {
        try {
            return attemptNow(entry, deadline);
        } catch (RuntimeException e) {
            io.quarkus.logging.Log.errorf(e, "Immediate attempt of a stored %s failed; the dispatcher delivers it",
                    entry.operation());
            return queued(entry);
        }
    }

    /**
     * The accepting unit of a group commit: dedupe and insert every entry. With {@code attempt}, the first new
     * entry that heads its lane while writes are open starts as "sending" (claimed, may have been sent), the later
     * ones of the batch claimed for their turn; without, all are left to the dispatcher.
     */
    private List<Row> accept(java.sql.Connection c, List<NewEntry> entries, boolean attempt) throws java.sql.SQLException {
        lockLanes(c, entries);
        List<Row> rows = new ArrayList<>();
        boolean first = true;
        boolean chained = false;
        for (NewEntry entry : entries) {
            boolean writable = entry.operation() == Operation.RELAY || gate.open();
            Outbox.Start start = Outbox.Start.QUEUED;
            if (attempt && writable && first && outbox.laneFree(c, entry.lane())) {
                start = Outbox.Start.SENDING;
            } else if (attempt && writable && chained) {
                start = Outbox.Start.CLAIMED;
            }
            long due = writable ? 0 : gate.opensAt().toEpochMilli();
            Optional<OutboxEntry> existing = outbox.insertOrFind(c, entry, start, due);
            if (existing.isPresent() && !existing.get().fingerprint().equals(entry.fingerprint())) {
                throw new KeyReusedException(entry.operation(), entry.dedupeKey());
            }
            Optional<OutboxEntry> sending = Optional.empty();
            if (existing.isEmpty() && start == Outbox.Start.SENDING) {
                sending = outbox.find(c, entry.operation(), entry.dedupeKey()).map(OutboxEntry::firstAttempt);
            }
            chained |= existing.isEmpty() && start != Outbox.Start.QUEUED;
            first &= existing.isPresent();
            rows.add(new Row(entry, existing, sending, existing.isEmpty() && start == Outbox.Start.QUEUED));
        }
        return rows;
    }

    /**
     * On PostgreSQL, ids come from a sequence at insert time, not at commit: without this, a purchase committed
     * first could get a higher id than its customer's sign-up still being committed, and both would look like the
     * head of the lane. A transaction-scoped lock per lane (taken in a fixed order) makes ids within a lane follow
     * commit order. SQLite has one writer at a time and needs none.
     */
    private void lockLanes(java.sql.Connection c, List<NewEntry> entries) throws java.sql.SQLException {
        if (!store.postgres()) {
            return;
        }
        for (String lane : entries.stream().map(NewEntry::lane).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new))) {
            try (var ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                ps.setString(1, lane);
                ps.execute();
            }
        }
    }

    /**
     * Cancels a write that was never sent and never will be (pending and unclaimed, or dead without any attempt
     * that may have arrived); true if it was cancelled.
     */
    public boolean cancel(Operation operation, String key) {
        return store.write(c -> {
            Optional<OutboxEntry> row = outbox.find(c, operation, key);
            return row.isPresent() && outbox.cancel(c, row.get().id());
        });
    }

    private Accepted attemptNow(NewEntry entry, Instant deadline) {
        OutboxEntry row = outbox.find(entry.operation(), entry.dedupeKey()).orElseThrow();
        long remaining = deadline.toEpochMilli() - clock.millis();
        boolean writable = entry.operation() == Operation.RELAY || gate.open();
        if (remaining <= 0 || !writable || !outbox.isHead(row.id())) {
            outbox.release(row.id(), writable ? clock.instant() : gate.opensAt(), 0, false, null);
            return queued(entry);
        }
        CompletableFuture<Outcome> attempt = executor.supplyAsync(() -> attempts.run(row, true));
        try {
            return answer(entry, attempt.get(remaining, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return queued(entry);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Delivery attempt failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return queued(entry);
        }
    }

    private Accepted answer(NewEntry entry, Outcome outcome) {
        if (outcome instanceof Outcome.Done done) {
            return new Accepted(entry, Status.DELIVERED, Optional.empty(), done.result(), Optional.empty());
        }
        if (outcome instanceof Outcome.Failed failed) {
            return rejectedOrQueued(entry, failed.failure());
        }
        return new Accepted(entry, Status.NOT_FOUND, Optional.empty(), null, Optional.empty());
    }

    private Accepted rejectedOrQueued(NewEntry entry, PartneroFailure failure) {
        boolean dead = outbox.find(entry.operation(), entry.dedupeKey())
                .map(e -> e.state() == OutboxEntry.State.DEAD).orElse(false);
        if (dead) {
            return new Accepted(entry, failure.answered() ? Status.REJECTED : Status.DEAD_LETTER, Optional.empty(),
                    null, Optional.of(failure));
        }
        return queued(entry);
    }

    private static Accepted queued(NewEntry entry) {
        return new Accepted(entry, Status.QUEUED, Optional.empty(), null, Optional.empty());
    }
}
