package dev.referral.sidecar.partnero;

import java.time.Duration;

import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * A write operation's circuit breaker changed state (fired synchronously by {@link BreakerWatch}). {@code delay}
 * is how long an open breaker refuses calls before it lets a probe through.
 */
public record WriteBreaker(String operation, CircuitBreakerState state, Duration delay) {
}
