package dev.referral.sidecar.sandbox;

import java.time.Instant;

/**
 * One request to {@code /sandbox/v1}; {@code status} is null when no answer was sent (a drop or a hang).
 * {@code latencyMs} runs from arrival to the answer (or the drop), injected delays included.
 */
public record LoggedRequest(String method, String path, Integer status, Instant time, long latencyMs) {
}
