package dev.referral.sidecar.sandbox;

import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The whole emulator state as one value: what {@code GET /sandbox/state} shows and the state file holds. Kinds
 * missing from an older state file read as empty.
 */
@RegisterForReflection
record StateSnapshot(Map<String, Long> counters, List<SandboxCustomer> customers,
        List<SandboxTransaction> transactions, List<SandboxCredit> credits, List<SandboxWebhook> webhooks,
        List<SandboxReferralLink> referralLinks, List<SandboxInvite> invites) {

    StateSnapshot {
        counters = counters == null ? Map.of() : counters;
        customers = orEmpty(customers);
        transactions = orEmpty(transactions);
        credits = orEmpty(credits);
        webhooks = orEmpty(webhooks);
        referralLinks = orEmpty(referralLinks);
        invites = orEmpty(invites);
    }

    static StateSnapshot empty() {
        return new StateSnapshot(Map.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
