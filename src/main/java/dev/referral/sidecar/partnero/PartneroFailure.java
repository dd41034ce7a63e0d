package dev.referral.sidecar.partnero;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Any failure of a Partnero call, classified by what the caller must do next (DESIGN.md "Partnero's answers,
 * classified"). The one place that knows which exceptions mean "never sent" and which an unknown outcome.
 */
public record PartneroFailure(Kind kind, int status, String message, Map<String, List<String>> fieldErrors,
        Optional<Duration> retryAfter) {

    /** What happened, from the caller's point of view. */
    public enum Kind {
        /** A final 4xx: Partnero refused it; do not retry. */
        REJECTED,
        /** 404. */
        NOT_FOUND,
        /** 429: not processed; wait for {@code retryAfter}, then re-send. */
        THROTTLED,
        /** 401/403: the API key is wrong; pause all writes. */
        UNAUTHORIZED,
        /** Surely not processed (refused connection, open breaker): re-send is safe. */
        NOT_SENT,
        /**
         * Surely not processed, and Partnero not even asked: this sidecar already had as many calls of the operation
         * in flight and waiting as its bulkhead allows. Local congestion, not an outage: re-send soon.
         */
        BUSY,
        /** Maybe processed (timeout, reset, 5xx, 408): check before re-sending. */
        UNKNOWN_OUTCOME
    }

    public static PartneroFailure of(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof PartneroRejected r) {
            return new PartneroFailure(r.notFound() ? Kind.NOT_FOUND : Kind.REJECTED, r.status(), r.upstreamMessage(),
                    r.errors(), Optional.empty());
        }
        if (t instanceof PartneroThrottled th) {
            return simple(Kind.THROTTLED, 429, "rate limited", th.retryAfter());
        }
        if (t instanceof PartneroUnauthorized u) {
            return simple(Kind.UNAUTHORIZED, u.status(), "API key refused", Optional.empty());
        }
        if (t instanceof PartneroUnavailable u) {
            return simple(u.maybeSent() ? Kind.UNKNOWN_OUTCOME : Kind.NOT_SENT, u.status(), u.getMessage(),
                    Optional.empty());
        }
        if (t instanceof CircuitBreakerOpenException) {
            return simple(Kind.NOT_SENT, 0, "circuit breaker open", Optional.empty());
        }
        if (t instanceof BulkheadException) {
            return simple(Kind.BUSY, 0, "bulkhead full", Optional.empty());
        }
        if (t instanceof ConnectException) {
            return simple(Kind.NOT_SENT, 0, "connection refused", Optional.empty());
        }
        if (t instanceof TimeoutException || t instanceof java.util.concurrent.TimeoutException) {
            return simple(Kind.UNKNOWN_OUTCOME, 0, "timed out", Optional.empty());
        }
        return simple(Kind.UNKNOWN_OUTCOME, 0, t.getClass().getSimpleName(), Optional.empty());
    }

    private static PartneroFailure simple(Kind kind, int status, String message, Optional<Duration> retryAfter) {
        return new PartneroFailure(kind, status, message, Map.of(), retryAfter);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Partnero answered (any 4xx other than 429): the service is up. */
    public boolean answered() {
        return kind == Kind.REJECTED || kind == Kind.NOT_FOUND || kind == Kind.UNAUTHORIZED;
    }
}
