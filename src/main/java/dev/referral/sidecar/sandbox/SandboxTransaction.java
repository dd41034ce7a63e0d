package dev.referral.sidecar.sandbox;

import java.math.BigDecimal;
import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A recorded transaction. Deleted ones stay (with {@code deletedAt}) so the state shows the refund, but every read
 * hides them. The public ids of buyer and referrer are copied at creation so the record still renders after either
 * customer is deleted.
 */
@RegisterForReflection
record SandboxTransaction(String uid, String key, String action, BigDecimal amount, String amountUnits,
        String buyerUid, String buyerId, String referrerUid, String referrerId, SandboxReward reward,
        boolean archived, Instant createdAt, Instant deletedAt) {

    boolean live() {
        return deletedAt == null;
    }

    /** True when its reward counts toward the referrer's balance. */
    boolean rewardPaid() {
        return reward != null && live() && !archived;
    }

    SandboxTransaction deleted(Instant now) {
        SandboxReward reversed = reward == null ? null : reward.reversed(now);
        return new SandboxTransaction(uid, key, action, amount, amountUnits, buyerUid, buyerId, referrerUid,
                referrerId, reversed, archived, createdAt, now);
    }

    SandboxTransaction withArchived(boolean newArchived) {
        return new SandboxTransaction(uid, key, action, amount, amountUnits, buyerUid, buyerId, referrerUid,
                referrerId, reward, newArchived, createdAt, deletedAt);
    }
}
