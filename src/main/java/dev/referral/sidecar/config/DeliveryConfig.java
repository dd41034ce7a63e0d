package dev.referral.sidecar.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The durable outbox and its dispatcher. */
@ConfigMapping(prefix = "sidecar.delivery")
public interface DeliveryConfig {

    /**
     * Strikes before an entry becomes a dead letter {@code max_attempts}: failures of this write (5xx, timeout,
     * reset) while Partnero accepted other writes since its previous attempt. Failures during an outage, and
     * attempts that never reached Partnero, are not strikes.
     */
    @WithDefault("12")
    int maxAttempts();

    /**
     * How long a write may wait for an unavailable Partnero: once it is older than this and fails again (or is
     * held by an open breaker), it becomes a dead letter {@code expired}.
     */
    @WithDefault("72h")
    Duration maxAge();

    /** First backoff step; each further attempt doubles it, with full jitter. */
    @WithDefault("1s")
    Duration backoffInitial();

    /** Cap on the backoff between two attempts of one entry. */
    @WithDefault("5m")
    Duration backoffMax();

    /** Pause after an attempt with an unknown outcome before Partnero is asked whether it arrived. */
    @WithDefault("2s")
    Duration checkPause();

    /** Pause of all writes after a 429 without a usable {@code Retry-After}. */
    @WithDefault("5s")
    Duration defaultRetryAfter();

    /** Longest pause a {@code Retry-After} may impose. */
    @WithDefault("300s")
    Duration maxRetryAfter();

    /** Pause of all writes after Partnero answered 401/403 (wrong API key); attempts are not counted. */
    @WithDefault("60s")
    Duration unauthorizedPause();

    /** How often the dispatcher looks for due entries. */
    @WithDefault("1s")
    Duration pollInterval();

    /** How many entries one dispatcher pass claims at most. */
    @WithDefault("32")
    int batchSize();

    /** How long a claim on an entry lasts; at least 60 s, twice the longest attempt (30 s, all its calls together). */
    @WithDefault("60s")
    Duration lease();

    /** How long delivered entries and their dedupe keys are kept. */
    @WithDefault("30d")
    Duration retention();
}
