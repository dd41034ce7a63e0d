package dev.referral.sidecar.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The upstream: where Partnero is, with which key, how long a single HTTP exchange may take, and the two
 * fault-tolerance policies of its calls (reads, writes), each applied per operation.
 */
@ConfigMapping(prefix = "sidecar.partnero")
public interface PartneroConfig {

    /** Program API key ({@code PARTNERO_API_KEY}); unset selects sandbox mode in {@code auto}. */
    Optional<String> apiKey();

    /** Upstream base URL in live mode ({@code PARTNERO_URL}). */
    @WithDefault("https://api.partnero.com/v1")
    URI url();

    /** TCP connect timeout of the REST client. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Read timeout of the REST client: the longest any single exchange may take. */
    @WithDefault("10s")
    Duration readTimeout();

    /** The read policy: customer, stats, balance, referrals and the transaction look-up. */
    Reads reads();

    /** The write policy: create customer, credit, create and delete transaction. One attempt each. */
    Writes writes();

    /** Reads: a deadline per attempt, retries of what is safe to retry, a breaker and a bulkhead per operation. */
    interface Reads {

        /** Deadline of one attempt. */
        @WithDefault("1s")
        Duration timeout();

        /** Retries after the first attempt: transport errors, 5xx, timeouts, a 429 whose wait fits the budget. */
        @WithDefault("2")
        int maxRetries();

        /** Pause before a retry, spread over [delay/2, 3·delay/2]; after a 429, never sooner than its Retry-After. */
        @WithDefault("200ms")
        Duration retryDelay();

        /** No retry starts once this long has passed since the first attempt. */
        @WithDefault("3s")
        Duration retryMaxDuration();

        /** Calls of one operation running at once. */
        @WithDefault("16")
        int bulkhead();

        /** Calls of one operation waiting for the bulkhead; one more fails at once. */
        @WithDefault("64")
        int bulkheadQueue();

        /** The circuit breaker of each read operation. */
        Breaker breaker();
    }

    /** Writes: one attempt with a deadline (the dispatcher decides what follows), a breaker and a bulkhead. */
    interface Writes {

        /** Deadline of the attempt; a write cut off here has an unknown outcome. */
        @WithDefault("5s")
        Duration timeout();

        /** Calls of one operation running at once. */
        @WithDefault("8")
        int bulkhead();

        /** Calls of one operation waiting for the bulkhead; one more fails at once. */
        @WithDefault("32")
        int bulkheadQueue();

        /** The circuit breaker of each write operation; an open one pauses the dispatcher's writes. */
        Breaker breaker();
    }

    /** A circuit breaker. Answers that show Partnero works (rejections, a refused key) never count as failures. */
    interface Breaker {

        /** Calls in the rolling window the failure ratio is taken over. */
        @WithDefault("20")
        int requestVolumeThreshold();

        /** Share of failed calls in the window that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker refuses calls before it lets a probe through. */
        @WithDefault("10s")
        Duration delay();

        /** Successful probes that close a half-open breaker. */
        @WithDefault("2")
        int successThreshold();
    }
}
