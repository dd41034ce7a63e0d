package dev.referral.sidecar.sandbox;

/** Send each webhook event twice, or with a wrong {@code Signature}. */
record WebhookFaults(boolean duplicate, boolean badSignature) {

    static final WebhookFaults NONE = new WebhookFaults(false, false);
}
