package dev.referral.sidecar.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.eclipse.microprofile.context.ManagedExecutor;

import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.partnero.PartneroFailure;
import dev.referral.sidecar.partnero.PartneroThrottled;
import dev.referral.sidecar.partnero.PartneroUnavailable;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs one attempt at a claimed entry and records what it achieved: delivered, paused behind the gate, cancelled
 * with its refund, or, when it failed, what {@link FailedAttempts} decides. The same code serves the hooks'
 * immediate attempt and the dispatcher.
 */
@ApplicationScoped
class Attempts {

    private final Outbox outbox;
    private final Map<Operation, Sender> senders = new EnumMap<>(Operation.class);
    private final WriteGate gate;
    private final FailedAttempts failures;
    private final DeliveredEvents events;
    private final DeliveryConfig config;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final Executor executor;
    private final AtomicInteger inFlight = new AtomicInteger();

    Attempts(Outbox outbox, @All List<Sender> senders, WriteGate gate, FailedAttempts failures, DeliveredEvents events,
            DeliveryConfig config, DeliveryMetrics metrics, Clock clock, ManagedExecutor executor) {
        this.outbox = outbox;
        senders.forEach(s -> this.senders.put(s.operation(), s));
        this.gate = gate;
        this.failures = failures;
        this.events = events;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.executor = executor;
    }

    /** True once no attempt of this node is running, or false when {@code patience} ran out first. */
    boolean awaitIdle(Duration patience) throws InterruptedException {
        Instant deadline = clock.instant().plus(patience);
        while (inFlight.get() > 0) {
            if (clock.instant().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** No hook waits for the attempt: a refund Partnero never had becomes a dead letter. */
    static final BooleanSupplier NOBODY_WAITING = () -> false;
    /** A hook waits for the blocking attempt until it ends (a later row of a batch answers from its outcome). */
    private static final BooleanSupplier SOMEONE_WAITING = () -> true;

    /**
     * One attempt at {@code entry}, which this node has claimed. {@code immediate}: the hook is waiting (until it has
     * its answer), so a refund nobody ever had is dropped and answered 404 rather than kept as a dead letter.
     */
    Outcome run(OutboxEntry entry, boolean immediate) {
        inFlight.incrementAndGet();
        try {
            return attempt(entry, immediate);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * The dispatcher's attempts at the rows of one pass, which this node has claimed. While writes are open, the rows
     * are marked "may have been sent" together in one commit and sent without a thread each (as the hooks' immediate
     * attempts are); the rest (writes paused, a credit that may have been sent) take the one-by-one way of
     * {@link #run}. Each future completes once its row's outcome is committed.
     */
    List<CompletableFuture<Outcome>> runClaimed(List<OutboxEntry> due) {
        List<Long> direct = gate.open() ? due.stream()
                .filter(e -> !(e.operation() == Operation.CREDIT && e.maybeSent())).map(OutboxEntry::id).toList()
                : List.of();
        java.util.Set<Long> marked = direct.isEmpty() ? java.util.Set.of() : outbox.markSending(direct);
        return due.stream().map(entry -> {
            if (marked.contains(entry.id())) {
                return sendMarked(entry, true, NOBODY_WAITING).toCompletableFuture();
            }
            if (direct.contains(entry.id())) {
                return CompletableFuture.completedFuture(claimLost());
            }
            return CompletableFuture.supplyAsync(() -> run(entry, false), executor);
        }).toList();
    }

    /**
     * An attempt at a row already claimed and marked "may have been sent" (by the accepting commit, or by
     * {@link #runClaimed}), through the sender's {@link Sender#sendAsync}. The delivered mark is not awaited unless
     * {@code awaitMark} (the next row of a lane needs it committed to be the head of its lane); failures are recorded
     * on a worker thread. {@code toldNotFound}: called when Partnero never had a refund; true if the hook that is
     * waiting has now been told 404, so the row is dropped, false if nobody waits any more (its caller was told
     * "queued" at the deadline): then the row is kept as a dead letter, never dropped silently.
     */
    CompletionStage<Outcome> sendMarked(OutboxEntry entry, boolean awaitMark, BooleanSupplier toldNotFound) {
        inFlight.incrementAndGet();
        CompletionStage<Outcome> sent;
        try {
            sent = senders.get(entry.operation()).sendAsync(entry, Deadline.in(Sender.ATTEMPT_LIMIT), executor);
        } catch (RuntimeException e) {
            sent = CompletableFuture.completedFuture(new Outcome.Failed(PartneroFailure.of(e)));
        }
        return sent.handle((outcome, e) -> outcome != null ? outcome
                        : new Outcome.Failed(PartneroFailure.of(Sender.cause(e))))
                .thenCompose(outcome -> outcome instanceof Outcome.Done done ? delivered(entry, done, awaitMark)
                        : CompletableFuture.supplyAsync(() -> record(entry, outcome, toldNotFound), executor))
                .whenComplete((outcome, e) -> inFlight.decrementAndGet());
    }

    /**
     * Records a delivery, with what goes along with it ({@link Outcome.Done#alongside}). The mark is queued on the
     * row's lane writer before the answer is given, so the next write of that customer (a repeat, its next purchase)
     * is accepted after it; it is awaited only when the next row of a batch needs it committed to head its lane. A
     * mark lost (a failed commit, a crash) leaves the row "may have been sent": it is checked upstream before
     * anything is sent again, and a sign-up's record is written again then.
     */
    private CompletionStage<Outcome> delivered(OutboxEntry entry, Outcome.Done done, boolean awaitMark) {
        CompletableFuture<Integer> mark = outbox.delivered(entry.id(), entry.lane(), done.result(), done.alongside(),
                awaitMark);
        mark.whenComplete((n, e) -> {
            if (e != null) {
                Log.warnf("Delivered %d, but recording it failed; it is checked upstream before any resend",
                        entry.id());
            }
        });
        succeeded(entry);
        return awaitMark ? mark.handle((n, e) -> done) : CompletableFuture.completedFuture(done);
    }

    private Outcome attempt(OutboxEntry entry, boolean immediate) {
        if (entry.operation() == Operation.CREDIT && entry.maybeSent()) {
            // H6: no look-up can tell whether the earlier credit arrived; a person decides. Before the gate: held
            // behind a closed one until its maximum age, it would become an "expired" dead letter instead, whose
            // retry needs no confirmation and could pay it twice.
            failures.deadLetter(entry, 0, true, FailedAttempts.OUTCOME_UNKNOWN,
                    "an earlier attempt may have credited the balance");
            return new Outcome.Failed(PartneroFailure.of(
                    new PartneroUnavailable(0, true, FailedAttempts.OUTCOME_UNKNOWN, null)));
        }
        if (entry.operation() != Operation.RELAY && !(gate.open() || !immediate && gate.probing())) {
            return held(entry);
        }
        if (!outbox.markSending(List.of(entry.id())).contains(entry.id())) {
            return claimLost();
        }
        Outcome outcome;
        try {
            outcome = senders.get(entry.operation()).send(entry, Deadline.in(Sender.ATTEMPT_LIMIT));
        } catch (RuntimeException e) {
            outcome = new Outcome.Failed(PartneroFailure.of(e));
        }
        return record(entry, outcome, immediate ? SOMEONE_WAITING : NOBODY_WAITING);
    }

    /**
     * Our claim is gone (shutdown handed it back, the lease ran out, a refund cancelled the row): someone else may be
     * sending it, so this attempt must not.
     */
    private static Outcome claimLost() {
        return new Outcome.Failed(PartneroFailure.of(new PartneroUnavailable(0, false, "claim lost", null)));
    }

    /** The gate is closed: the row waits for it to reopen, no attempt counted (unless it has waited too long). */
    private Outcome held(OutboxEntry entry) {
        if (gate.breakerOpen() && failures.expired(entry)) {
            failures.deadLetter(entry, 0, entry.maybeSent(), FailedAttempts.EXPIRED, "Partnero unavailable for "
                    + config.maxAge() + " (circuit breaker open)");
        } else {
            outbox.release(entry.id(), Backoff.reopen(clock.instant(), gate.opensAt(), config), 0, entry.maybeSent(),
                    gate.breakerOpen() ? "circuit breaker open" : "writes paused");
        }
        return new Outcome.Failed(PartneroFailure.of(new PartneroThrottled(null)));
    }

    private Outcome record(OutboxEntry entry, Outcome outcome, BooleanSupplier toldNotFound) {
        if (outcome instanceof Outcome.Failed failed) {
            return failures.failed(entry, failed);
        }
        if (outcome instanceof Outcome.Cancelled cancelled) {
            if (outbox.cancelWithRefund(entry.id(), cancelled.refundId())) {
                metrics.attempt(entry.operation(), "cancelled");
                Log.infof("Purchase %d never reached Partnero and was refunded meanwhile: both cancelled, nothing sent",
                        entry.id());
            } else {
                outbox.release(entry.id(), clock.instant(), 0, true, "refund changed while checking; checked again");
            }
            return outcome;
        }
        if (outcome instanceof Outcome.Unknown) {
            if (!toldNotFound.getAsBoolean() || !outbox.forget(entry.id())) {
                failures.deadLetter(entry, 1, entry.maybeSent(), FailedAttempts.REJECTED,
                        "404 Partnero does not know this transaction");
                return outcome;
            }
            metrics.attempt(entry.operation(), "not_found");
            return outcome;
        }
        Outcome.Done done = (Outcome.Done) outcome;
        try {
            outbox.delivered(entry.id(), entry.lane(), done.result(), done.alongside(), true).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (done.alongside() != null) {
                return failures.failed(entry, new Outcome.Failed(PartneroFailure.of(Sender.cause(e))));
            }
            throw e;
        }
        succeeded(entry);
        return outcome;
    }

    private void succeeded(OutboxEntry entry) {
        metrics.attempt(entry.operation(), "delivered");
        if (entry.operation() != Operation.RELAY) {
            gate.accepted();
        }
        events.announce(entry);
    }
}
