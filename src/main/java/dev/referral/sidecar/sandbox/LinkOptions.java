package dev.referral.sidecar.sandbox;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The optional flags of a referral link create or update; null means "leave as it is". */
record LinkOptions(Boolean isAdditional, Boolean directTracking, Boolean directTrackingRedirect,
        String directTrackingRedirectUrl) {

    static LinkOptions read(ObjectNode fields, Violations violations) {
        return new LinkOptions(Rules.bool(fields, "is_additional", "is_additional", false, violations),
                Rules.bool(fields, "direct_tracking", "direct_tracking", false, violations),
                Rules.bool(fields, "direct_tracking_redirect", "direct_tracking_redirect", false, violations),
                Rules.string(fields, "direct_tracking_redirect_url", "direct_tracking_redirect_url", 1, violations));
    }

    SandboxReferralLink applyTo(SandboxReferralLink link, Instant now) {
        return new SandboxReferralLink(link.id(), link.key(), link.customerUid(),
                isAdditional == null ? link.isAdditional() : isAdditional,
                directTracking == null ? link.directTracking() : directTracking,
                directTrackingRedirect == null ? link.directTrackingRedirect() : directTrackingRedirect,
                directTrackingRedirectUrl == null ? link.directTrackingRedirectUrl() : directTrackingRedirectUrl,
                link.createdAt(), now);
    }
}
