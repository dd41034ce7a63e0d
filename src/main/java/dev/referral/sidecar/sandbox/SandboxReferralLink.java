package dev.referral.sidecar.sandbox;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An additional referral link of a customer ({@code /customer_referral_links}). Its {@code id} is the key it was
 * created with (as in Partnero's example) and stays when the key changes; {@code customerUid} ties it to its
 * customer, so it goes when the customer does.
 */
@RegisterForReflection
record SandboxReferralLink(String id, String key, String customerUid, boolean isAdditional, boolean directTracking,
        boolean directTrackingRedirect, String directTrackingRedirectUrl, Instant createdAt, Instant updatedAt) {
}
