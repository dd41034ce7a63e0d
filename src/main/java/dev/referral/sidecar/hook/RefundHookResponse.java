package dev.referral.sidecar.hook;

/** {@code refunded}, {@code queued}, {@code cancelled} or {@code duplicate}. */
public record RefundHookResponse(String key, String status) {
}
