package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxEntry;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;


import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.config.RuntimeMode;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Delivers what the hooks left queued. Each pass claims the due head row of each lane (at most one row per
 * customer), runs those attempts in parallel, and waits for them; passes never overlap. On shutdown it stops
 * claiming, lets running attempts finish within the shutdown timeout, and hands back its claims. While the write gate
 * is closed (429, refused key, open breaker) only relays are claimed; while a breaker is probed, one write per pass;
 * after any pause the number of writes per pass starts at one and doubles up to the batch size, so a backlog drains
 * without a thundering herd when Partnero comes back.
 */
@ApplicationScoped
public class Dispatcher {

    /** The scheduled pass's identity (the scheduler can pause and resume it by this name). */
    static final String IDENTITY = "outbox-dispatcher";
    /** Twice the longest attempt, so a claim always outlives the attempt that holds it. */
    static final java.time.Duration MIN_LEASE = Sender.ATTEMPT_LIMIT.multipliedBy(2);

    private final Outbox outbox;
    private final Attempts attempts;
    private final WriteGate gate;
    private final DeliveryConfig config;
    private final RuntimeMode mode;
    private final Store store;
    private final AtomicBoolean running = new AtomicBoolean();
    private int window;
    private final Object passLock = new Object();
    private final java.time.Duration shutdownTimeout;

    Dispatcher(Outbox outbox, Attempts attempts, WriteGate gate, DeliveryConfig config, RuntimeMode mode,
            Store store,
            @ConfigProperty(name = "quarkus.shutdown.timeout", defaultValue = "10s") java.time.Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
        this.outbox = outbox;
        this.attempts = attempts;
        this.gate = gate;
        this.config = config;
        this.mode = mode;
        this.store = store;
        this.window = config.batchSize();
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        if (!mode.sidecarServed()) {
            return;
        }
        if (config.lease().compareTo(MIN_LEASE) < 0) {
            throw new IllegalStateException("sidecar.delivery.lease must be at least " + MIN_LEASE.toSeconds()
                    + " s, twice the longest attempt (" + Sender.ATTEMPT_LIMIT.toSeconds() + " s, all its calls together)");
        }
        store.migrate();
        if (!store.postgres()) {
            // One process owns a SQLite file: claims left by a killed process are released at once, not after
            // their lease, and their attempts are checked upstream before anything is re-sent.
            outbox.releaseAllClaims();
        }
        int paused = outbox.pauseMaybeSent(config.checkPause());
        if (paused > 0) {
            Log.infof("%d row(s) may have been sent before the restart; each is checked upstream after %s", paused,
                    config.checkPause());
        }
        running.set(true);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (!running.getAndSet(false)) {
            return;
        }
        synchronized (passLock) {
            // Entered only between passes: a pass that claimed rows has handed them to attempts by now.
        }
        // Claims are handed back only when nothing of ours is in flight: releasing a row mid-attempt would let
        // another replica send it at the same time. Anything still running keeps its lease until it expires.
        if (attempts.awaitIdle(shutdownTimeout)) {
            outbox.releaseOwnClaims();
        } else {
            Log.warn("Shutting down with delivery attempts in flight; their rows are retried after the lease");
        }
    }

    /**
     * Runs passes now, after any pass already running (they never overlap), until a pass delivers nothing or the
     * dispatcher stops: on return, no attempt this dispatcher started is still in flight.
     */
    @Scheduled(every = "${sidecar.delivery.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = Dispatcher.IDENTITY)
    public void dispatch() {
        // A pass that delivered something is followed at once by the next: a backlog drains at Partnero's pace, not
        // one batch (or, while a breaker is probed, one row) per poll interval. No time limit: a run that stopped
        // after one poll interval overran the tick it ended at (skipped, as this run was still going), so a backlog
        // waited a whole interval between runs; measured on PostgreSQL, the dispatcher sat idle about 40 % of the time.
        synchronized (passLock) {
            while (running.get() && pass() > 0) {
                // next pass
            }
        }
    }

    /** One pass; the number of rows it delivered. */
    private int pass() {
        try {
            List<OutboxEntry> due = claim();
            List<CompletableFuture<Outcome>> runs = attempts.runClaimed(due);
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
            return (int) runs.stream().filter(run -> run.join() instanceof Outcome.Done).count();
        } catch (RuntimeException e) {
            Log.errorf(e, "Dispatcher pass failed; the next pass retries");
            return 0;
        }
    }

    /** Called under the pass lock only. */
    private List<OutboxEntry> claim() {
        if (gate.open()) {
            List<OutboxEntry> due = outbox.claimDue(window, true);
            window = Math.min(config.batchSize(), window * 2);
            return due;
        }
        window = 1;
        List<OutboxEntry> due = new java.util.ArrayList<>(outbox.claimDue(config.batchSize(), false));
        if (gate.probing()) {
            due.addAll(outbox.claimDue(1, true));
        }
        return due;
    }
}
