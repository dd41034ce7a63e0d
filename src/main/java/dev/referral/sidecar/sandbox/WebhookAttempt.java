package dev.referral.sidecar.sandbox;

import java.time.Instant;

/** One webhook delivery attempt by the emulator: {@code status} is null when no answer came ({@code error} says why). */
public record WebhookAttempt(String event, String url, Integer status, String error, Instant time) {
}
