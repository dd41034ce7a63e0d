package dev.referral.sidecar.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.OutboxEntry;
import dev.referral.sidecar.outbox.Redact;
import dev.referral.sidecar.partnero.PartneroFailure;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What a failed attempt means for its row, by the kind of failure: the gate pauses every write (429, refused key),
 * Partnero refused it (a dead letter), Partnero was unavailable (wait with backoff, checked upstream first when
 * the attempt may have arrived, up to the maximum age), or this sidecar's bulkhead was full (due again at once, no
 * strike, no outage). Also where every dead letter is made.
 */
@ApplicationScoped
class FailedAttempts {

    static final String OUTCOME_UNKNOWN = "outcome_unknown";
    static final String REJECTED = "rejected";
    static final String MAX_ATTEMPTS = "max_attempts";
    static final String EXPIRED = "expired";

    private final Outbox outbox;
    private final WriteGate gate;
    private final DeliveryConfig config;
    private final DeliveryMetrics metrics;
    private final Clock clock;

    FailedAttempts(Outbox outbox, WriteGate gate, DeliveryConfig config, DeliveryMetrics metrics, Clock clock) {
        this.outbox = outbox;
        this.gate = gate;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    Outcome failed(OutboxEntry entry, Outcome.Failed failed) {
        PartneroFailure f = failed.failure();
        metrics.attempt(entry.operation(), f.kind().name().toLowerCase(Locale.ROOT));
        switch (f.kind()) {
            case THROTTLED -> {
                gate.throttled(f.retryAfter());
                outbox.release(entry.id(), gate.opensAt(), 0, entry.maybeSent(), "rate limited (429)");
            }
            case UNAUTHORIZED -> {
                gate.unauthorized(f.status());
                outbox.release(entry.id(), gate.opensAt(), 0, entry.maybeSent(), "API key refused");
            }
            case REJECTED, NOT_FOUND -> deadLetter(entry, 1, entry.maybeSent(), REJECTED,
                    f.status() + " " + f.message());
            case NOT_SENT -> retry(entry, entry.maybeSent(), relayRefused(entry, f), Duration.ZERO, f.message());
            // This sidecar's own congestion: Partnero is not waited for, and the next pass sends it again.
            case BUSY -> outbox.release(entry.id(), clock.instant(), 0, entry.maybeSent(),
                    "sidecar busy: " + f.message());
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
     * previous attempt (or acceptance): an inconsistent answer, not an outage. A relay the application answered
     * with an error is a strike whatever Partnero does. {@code max-attempts} strikes make a dead letter.
     */
    private void retry(OutboxEntry entry, boolean maybeSent, boolean reached, Duration atLeast, String error) {
        boolean relay = entry.operation() == Operation.RELAY;
        if (!relay) {
            gate.unavailable();
        }
        int strike = reached && (relay || gate.acceptedSince(entry.updatedAt())) ? 1 : 0;
        if (expired(entry)) {
            deadLetter(entry, strike, maybeSent, EXPIRED, "Partnero unavailable for " + config.maxAge() + ": " + error);
            return;
        }
        int strikes = entry.attempts() + strike;
        if (strikes >= config.maxAttempts()) {
            deadLetter(entry, strike, maybeSent, MAX_ATTEMPTS, error);
            return;
        }
        Duration age = Duration.between(entry.createdAt(), clock.instant());
        Duration wait = Backoff.after(Math.max(strikes, 1), age, config);
        Instant next = clock.instant().plus(wait.compareTo(atLeast) < 0 ? atLeast : wait);
        outbox.release(entry.id(), next, strike, maybeSent, error);
    }

    /**
     * A relay the application answered with a client error: it refuses this event, a strike. A 5xx, 408 or 429 is the
     * application unavailable (a deploy, an outage), which only waits, as Partnero's outages do.
     */
    private static boolean relayRefused(OutboxEntry entry, PartneroFailure f) {
        return entry.operation() == Operation.RELAY && f.status() >= 400 && f.status() < 500 && f.status() != 408
                && f.status() != 429;
    }

    /** True once the write has waited the maximum age for Partnero. */
    boolean expired(OutboxEntry entry) {
        return !clock.instant().isBefore(entry.createdAt().plus(config.maxAge()));
    }

    void deadLetter(OutboxEntry entry, int attemptsAdded, boolean maybeSent, String reason, String error) {
        outbox.dead(entry.id(), attemptsAdded, maybeSent, reason, error);
        metrics.attempt(entry.operation(), "dead_letter");
        Log.warnf("Dead letter %d: %s %s (%s) after %d attempt(s)", entry.id(), entry.operation(),
                Redact.error(entry.dedupeKey()), reason, entry.attempts() + attemptsAdded);
    }
}
