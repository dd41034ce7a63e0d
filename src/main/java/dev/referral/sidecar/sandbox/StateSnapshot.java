package dev.referral.sidecar.sandbox;

import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The whole emulator state as one value: what {@code GET /sandbox/state} shows and the state file holds. */
@RegisterForReflection
record StateSnapshot(Map<String, Long> counters, List<SandboxCustomer> customers,
        List<SandboxTransaction> transactions, List<SandboxCredit> credits, List<SandboxWebhook> webhooks) {

    static StateSnapshot empty() {
        return new StateSnapshot(Map.of(), List.of(), List.of(), List.of(), List.of());
    }
}
