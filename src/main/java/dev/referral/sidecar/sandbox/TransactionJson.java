package dev.referral.sidecar.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders transactions as PARTNERO.md section 2.2 shows them: {@code customer} is the referrer's id, and
 * {@code referred_customer} the buyer's. The reward borrows the affiliate docs' shape (section 7.6).
 */
final class TransactionJson {

    private TransactionJson() {
    }

    static ObjectNode render(SandboxTransaction transaction) {
        ObjectNode node = PartneroJson.object();
        node.put("key", transaction.key());
        node.put("action", transaction.action());
        node.put("amount", PartneroJson.amount(transaction.amount()));
        node.put("customer", transaction.referrerId());
        node.put("referred_customer", transaction.buyerId());
        node.put("credit", false);
        node.put("is_currency", true);
        node.put("amount_units", transaction.amountUnits());
        node.put("created_at", PartneroJson.time(transaction.createdAt()));
        SandboxReward reward = transaction.reward();
        if (reward == null) {
            node.putArray("rewards");
        } else {
            node.putArray("rewards").add(reward(reward, transaction.referrerId()));
        }
        return node;
    }

    private static ObjectNode reward(SandboxReward reward, String referrerId) {
        ObjectNode node = PartneroJson.object();
        node.put("key", reward.key());
        node.put("action", reward.action());
        node.put("status", "ok");
        node.put("customer", referrerId);
        node.put("amount", PartneroJson.amount(reward.amount()));
        node.put("amount_units", reward.amountUnits());
        node.put("is_currency", true);
        node.put("credit", false);
        node.put("created_at", PartneroJson.time(reward.createdAt()));
        node.put("deleted_at", PartneroJson.time(reward.deletedAt()));
        return node;
    }
}
