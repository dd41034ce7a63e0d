package dev.referral.sidecar.outbox;

import java.util.List;

/**
 * One row of the customers table: a customer this sidecar saw created upstream, Partnero's id for it (H3), the
 * referrer Partnero accepted (null when none), and its referral links.
 */
public record CustomerRecord(String key, String partneroId, String referrer, String referralLink,
        List<String> referralLinks) {
}
