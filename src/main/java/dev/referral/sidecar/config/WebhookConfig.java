package dev.referral.sidecar.config;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Partnero's webhooks in, the application's relay out. */
@ConfigMapping(prefix = "sidecar.webhook")
public interface WebhookConfig {

    /** Secret that verifies Partnero's {@code Signature} header ({@code PARTNERO_WEBHOOK_SECRET}). */
    Optional<String> partneroSecret();

    /** Where verified events are relayed ({@code APP_WEBHOOK_URL}). */
    Optional<URI> appUrl();

    /** Standard Webhooks secret {@code whsec_<base64>} the relayed events are signed with ({@code APP_WEBHOOK_SECRET}). */
    Optional<String> appSecret();
}
