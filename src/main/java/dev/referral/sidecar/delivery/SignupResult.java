package dev.referral.sidecar.delivery;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A sign-up as delivered: what the hook answers and a repeated sign-up gets back. Stored as JSON in the outbox row's
 * result, so registered for reflection like the payloads.
 */
@RegisterForReflection
public record SignupResult(String key, String partneroId, String referredBy, String referralLink,
        List<String> referralLinks, boolean created, String referralIgnored) {
}
