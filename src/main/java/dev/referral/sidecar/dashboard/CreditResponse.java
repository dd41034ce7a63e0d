package dev.referral.sidecar.dashboard;

/** {@code delivered}, {@code queued} or {@code duplicate}. */
public record CreditResponse(String idempotencyKey, String status) {
}
