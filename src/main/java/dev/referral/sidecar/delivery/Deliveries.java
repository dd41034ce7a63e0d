package dev.referral.sidecar.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.context.ManagedExecutor;

import dev.referral.sidecar.config.HookConfig;
import dev.referral.sidecar.partnero.PartneroFailure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The seam between the hooks and Partnero: accept writes durably (all or nothing, deduplicated in the same
 * transaction), then try each new entry once within the hook deadline. Whatever is not delivered by then stays
 * in the outbox for the dispatcher; an attempt still running at the deadline goes on and keeps its claim.
 */
@ApplicationScoped
public class Deliveries {

    /** What became of one submitted write. */
    public enum Status { DELIVERED, QUEUED, DUPLICATE, REJECTED, NOT_FOUND }

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
     * Accepts {@code entries} in one transaction and attempts the new ones in order.
     *
     * @throws KeyReusedException when a key exists with other content; then nothing is stored
     */
    public List<Accepted> submit(List<NewEntry> entries) {
        List<Optional<OutboxEntry>> existing;
        try {
            existing = accept(entries);
        } catch (Store.StoreException e) {
            if (!e.uniqueViolation()) {
                throw e;
            }
            // Another request inserted one of these keys between our look and our insert: look again.
            existing = accept(entries);
        }
        Instant deadline = clock.instant().plus(hooks.deadline());
        List<Accepted> answers = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            NewEntry entry = entries.get(i);
            answers.add(existing.get(i).isPresent()
                    ? new Accepted(entry, Status.DUPLICATE, existing.get(i), null, Optional.empty())
                    : attemptNow(entry, deadline));
        }
        return answers;
    }

    private List<Optional<OutboxEntry>> accept(List<NewEntry> entries) {
        return store.inTransaction(c -> {
            List<Optional<OutboxEntry>> found = new ArrayList<>();
            for (NewEntry entry : entries) {
                Optional<OutboxEntry> row = outbox.insertOrFind(c, entry);
                if (row.isPresent() && !row.get().fingerprint().equals(entry.fingerprint())) {
                    throw new KeyReusedException(entry.operation(), entry.dedupeKey());
                }
                found.add(row);
            }
            return found;
        });
    }

    /**
     * Cancels a write that was never sent and never will be (pending and unclaimed, or dead without any attempt
     * that may have arrived); true if it was cancelled.
     */
    public boolean cancel(Operation operation, String key) {
        return store.inTransaction(c -> {
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
        if (dead && failure.answered()) {
            return new Accepted(entry, Status.REJECTED, Optional.empty(), null, Optional.of(failure));
        }
        return queued(entry);
    }

    private static Accepted queued(NewEntry entry) {
        return new Accepted(entry, Status.QUEUED, Optional.empty(), null, Optional.empty());
    }
}
