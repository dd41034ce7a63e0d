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
            answers.add(existing.get(i).isPresent() ? repeated(entry, existing.get(i).get()) : tryNow(entry, deadline));
        }
        return answers;
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

    private List<Optional<OutboxEntry>> accept(List<NewEntry> entries) {
        return store.inTransaction(c -> {
            lockLanes(c, entries);
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
