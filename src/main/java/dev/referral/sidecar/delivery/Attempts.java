package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.CustomerRecords;
import dev.referral.sidecar.outbox.Redact;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.eclipse.microprofile.context.ManagedExecutor;

import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.partnero.PartneroFailure;
import dev.referral.sidecar.partnero.PartneroThrottled;
import dev.referral.sidecar.partnero.PartneroUnavailable;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.KeyRule;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

/**
 * Runs one attempt at a claimed entry and records what it achieved: delivered, paused behind the gate, retried
 * with backoff, checked upstream first after an unknown outcome, or turned into a dead letter. The same code
 * serves the hooks' immediate attempt and the dispatcher.
 */
@ApplicationScoped
class Attempts {

    static final String OUTCOME_UNKNOWN = "outcome_unknown";
    static final String REJECTED = "rejected";
    static final String MAX_ATTEMPTS = "max_attempts";
    static final String EXPIRED = "expired";

    private final Outbox outbox;
    private final Map<Operation, Sender> senders = new EnumMap<>(Operation.class);
    private final WriteGate gate;
    private final DeliveryConfig config;
    private final DeliveryMetrics metrics;
    private final Event<Delivered> delivered;
    private final CustomerRecords customers;
    private final Clock clock;
    private final Executor executor;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    Attempts(Outbox outbox, @All java.util.List<Sender> senders, WriteGate gate, DeliveryConfig config,
            DeliveryMetrics metrics, Event<Delivered> delivered, CustomerRecords customers, Clock clock,
            ManagedExecutor executor) {
        this.executor = executor;
        this.outbox = outbox;
        senders.forEach(s -> this.senders.put(s.operation(), s));
        this.gate = gate;
        this.config = config;
        this.metrics = metrics;
        this.delivered = delivered;
        this.customers = customers;
        this.clock = clock;
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

    /**
     * One attempt at {@code entry}, which this node has claimed. {@code immediate}: the hook is waiting, so a refund
     * nobody ever had is dropped and answered 404 rather than kept as a dead letter.
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
     * The immediate attempt at a row its accepting commit already claimed and marked "may have been sent", through
     * the sender's {@link Sender#sendAsync}. The delivered mark is not awaited unless {@code awaitMark} (the next row of a
     * batch needs it committed to be the head of its lane); failures are recorded on a worker thread.
     */
    CompletionStage<Outcome> sendMarked(OutboxEntry entry, boolean awaitMark) {
        inFlight.incrementAndGet();
        CompletionStage<Outcome> sent;
        try {
            sent = senders.get(entry.operation()).sendAsync(entry, executor);
        } catch (RuntimeException e) {
            sent = CompletableFuture.completedFuture(new Outcome.Failed(PartneroFailure.of(e)));
        }
        return sent.handle((outcome, e) -> outcome != null ? outcome : new Outcome.Failed(PartneroFailure.of(unwrap(e))))
                .thenCompose(outcome -> outcome instanceof Outcome.Done done ? delivered(entry, done, awaitMark)
                        : CompletableFuture.supplyAsync(() -> record(entry, outcome, true), executor))
                .whenComplete((outcome, e) -> inFlight.decrementAndGet());
    }

    private CompletionStage<Outcome> delivered(OutboxEntry entry, Outcome.Done done, boolean awaitMark) {
        CompletableFuture<Integer> mark = outbox.delivered(entry.id(), done.result());
        mark.whenComplete((n, e) -> {
            if (e != null) {
                Log.warnf("Delivered %d, but recording it failed; it is checked upstream before any resend", entry.id());
            }
        });
        succeeded(entry);
        return awaitMark ? mark.handle((n, e) -> done) : CompletableFuture.completedFuture(done);
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private Outcome attempt(OutboxEntry entry, boolean immediate) {
        if (entry.operation() != Operation.RELAY && !(gate.open() || !immediate && gate.probing())) {
            return held(entry);
        }
        if (entry.operation() == Operation.CREDIT && entry.maybeSent()) {
            // H6: no look-up can tell whether the earlier credit arrived; a person decides.
            deadLetter(entry, 0, true, OUTCOME_UNKNOWN, "an earlier attempt may have credited the balance");
            return new Outcome.Failed(PartneroFailure.of(new PartneroUnavailable(0, true, OUTCOME_UNKNOWN, null)));
        }
        if (!outbox.markSending(entry.id())) {
            // Our claim is gone (shutdown handed it back, the lease ran out, a refund cancelled the row): someone
            // else may be sending it, so this attempt must not.
            return new Outcome.Failed(PartneroFailure.of(new PartneroUnavailable(0, false, "claim lost", null)));
        }
        Outcome outcome;
        try {
            outcome = senders.get(entry.operation()).send(entry);
        } catch (RuntimeException e) {
            outcome = new Outcome.Failed(PartneroFailure.of(e));
        }
        return record(entry, outcome, immediate);
    }

    /** The gate is closed: the row waits for it to reopen, no attempt counted (unless it has waited too long). */
    private Outcome held(OutboxEntry entry) {
        if (gate.breakerOpen() && expired(entry)) {
            deadLetter(entry, 0, entry.maybeSent(), EXPIRED, "Partnero unavailable for " + config.maxAge()
                    + " (circuit breaker open)");
        } else {
            outbox.release(entry.id(), Backoff.reopen(clock.instant(), gate.opensAt(), config), 0, entry.maybeSent(),
                    gate.breakerOpen() ? "circuit breaker open" : "writes paused");
        }
        return new Outcome.Failed(PartneroFailure.of(new PartneroThrottled(null)));
    }

    private Outcome record(OutboxEntry entry, Outcome outcome, boolean immediate) {
        if (outcome instanceof Outcome.Failed failed) {
            return failed(entry, failed);
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
            if (!immediate || !outbox.forget(entry.id())) {
                deadLetter(entry, 1, entry.maybeSent(), REJECTED, "404 Partnero does not know this transaction");
                return outcome;
            }
            metrics.attempt(entry.operation(), "not_found");
            return outcome;
        }
        outbox.delivered(entry.id(), ((Outcome.Done) outcome).result()).join();
        succeeded(entry);
        return outcome;
    }

    private void succeeded(OutboxEntry entry) {
        metrics.attempt(entry.operation(), "delivered");
        if (entry.operation() != Operation.RELAY) {
            gate.accepted();
        }
        announce(entry);
    }

    private Outcome failed(OutboxEntry entry, Outcome.Failed failed) {
        PartneroFailure f = failed.failure();
        metrics.attempt(entry.operation(), f.kind().name().toLowerCase(java.util.Locale.ROOT));
        switch (f.kind()) {
            case THROTTLED -> {
                gate.throttled(f.retryAfter());
                outbox.release(entry.id(), gate.opensAt(), 0, entry.maybeSent(), "rate limited (429)");
            }
            case UNAUTHORIZED -> {
                gate.unauthorized(f.status());
                outbox.release(entry.id(), gate.opensAt(), 0, entry.maybeSent(), "API key refused");
            }
            case REJECTED, NOT_FOUND -> deadLetter(entry, 1, entry.maybeSent(), REJECTED, f.status() + " " + f.message());
            case NOT_SENT -> retry(entry, entry.maybeSent(), false, Duration.ZERO, f.message());
            case UNKNOWN_OUTCOME -> {
                if (entry.operation() == Operation.CREDIT) {
                    deadLetter(entry, 1, true, OUTCOME_UNKNOWN, "outcome unknown: " + f.message());
                } else {
                    retry(entry, true, true, config.checkPause(), "outcome unknown: " + f.message());
                }
            }
        }
        return failed;
    }

    /**
     * Partnero was unavailable for this write. It waits with backoff until it is older than the maximum age. The
     * failure is a strike only when it {@code reached} Partnero and Partnero took another write since this one's
     * previous attempt (or acceptance): an inconsistent answer, not an outage. {@code max-attempts} strikes make a
     * dead letter.
     */
    private void retry(OutboxEntry entry, boolean maybeSent, boolean reached, Duration atLeast, String error) {
        if (entry.operation() != Operation.RELAY) {
            gate.unavailable();
        }
        int strike = reached && gate.acceptedSince(entry.updatedAt()) ? 1 : 0;
        if (expired(entry)) {
            deadLetter(entry, strike, maybeSent, EXPIRED, "Partnero unavailable for " + config.maxAge() + ": " + error);
            return;
        }
        int strikes = entry.attempts() + strike;
        if (strikes >= config.maxAttempts()) {
            deadLetter(entry, strike, maybeSent, MAX_ATTEMPTS, error);
            return;
        }
        Duration wait = Backoff.after(Math.max(strikes, 1), Duration.between(entry.createdAt(), clock.instant()), config);
        Instant next = clock.instant().plus(wait.compareTo(atLeast) < 0 ? atLeast : wait);
        outbox.release(entry.id(), next, strike, maybeSent, error);
    }

    private boolean expired(OutboxEntry entry) {
        return !clock.instant().isBefore(entry.createdAt().plus(config.maxAge()));
    }

    private void deadLetter(OutboxEntry entry, int attemptsAdded, boolean maybeSent, String reason, String error) {
        outbox.dead(entry.id(), attemptsAdded, maybeSent, reason, error);
        metrics.attempt(entry.operation(), "dead_letter");
        Log.warnf("Dead letter %d: %s %s (%s) after %d attempt(s)", entry.id(), entry.operation(),
                Redact.error(entry.dedupeKey()),
                reason, entry.attempts() + attemptsAdded);
    }

    /** Tells read caches what changed; a failure here must not turn a delivered write into a failed attempt. */
    private void announce(OutboxEntry entry) {
        if (entry.lane() == null || !KeyRule.valid(entry.lane())
                || entry.operation() == Operation.RELAY || entry.operation() == Operation.SIGNUP) {
            return;
        }
        CustomerKey customer = new CustomerKey(entry.lane());
        Optional<Optional<CustomerKey>> known = customers.cachedReferrerOf(customer.value());
        if (known.isPresent()) {
            fire(entry, customer, known.get());
        } else {
            // Not cached: the look-up reads the store, which is never done on the event loop.
            executor.execute(() -> fire(entry, customer, customers.referrerOf(customer.value())));
        }
    }

    private void fire(OutboxEntry entry, CustomerKey customer, Optional<CustomerKey> referrer) {
        try {
            delivered.fire(new Delivered(entry.operation(), customer, referrer));
        } catch (RuntimeException e) {
            Log.warnf("Delivered %d, but evicting cached dashboards failed: %s", entry.id(), e.getClass().getSimpleName());
        }
    }
}
