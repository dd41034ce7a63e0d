package dev.referral.sidecar.webhook;

/** {@code accepted} for a new event, {@code duplicate} for one seen before. */
public record WebhookAck(String status) {
}
