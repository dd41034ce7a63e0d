package dev.referral.sidecar.sandbox;

import java.util.Optional;

/** The rule chosen for one request (if any) and whether its seeded error roll came up. */
record FaultDecision(FaultRule rule, boolean fail) {

    static final FaultDecision NONE = new FaultDecision(null, false);

    long latencyMs() {
        return rule == null ? 0 : rule.latencyMs();
    }

    boolean hang() {
        return rule != null && rule.hang();
    }

    Optional<FaultRule.AfterCommit> afterCommit() {
        return Optional.ofNullable(rule).map(FaultRule::afterCommit);
    }
}
