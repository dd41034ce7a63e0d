package dev.referral.sidecar.dashboard;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A rough upper estimate of the heap one cached {@link DashboardView} holds, so the caches are bounded in bytes:
 * a few large answers (many referrals, big stats objects) must not fill a small sidecar heap just because their count
 * is below the entry bound. Strings count two bytes a character plus their header; a JSON tree counts four times its
 * text (node objects, field names and boxed values around every value).
 */
final class ViewWeight {

    static final int RECORD = 160;
    private static final int STRING = 48;
    private static final int TREE_FACTOR = 4;

    private ViewWeight() {
    }

    static int bytes(DashboardView view) {
        long total = RECORD + text(view.key()) + text(view.referralLink()) + texts(view.referralLinks())
                + texts(view.missing()) + tree(view.stats()) + tree(view.balance());
        if (view.referrals() != null) {
            for (DashboardView.ReferralSummary r : view.referrals()) {
                total += RECORD + text(r.id()) + text(r.name()) + text(r.status()) + text(r.createdAt());
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    private static long text(String value) {
        return value == null ? 0 : STRING + 2L * value.length();
    }

    private static long texts(List<String> values) {
        return values == null ? 0 : values.stream().mapToLong(ViewWeight::text).sum() + STRING;
    }

    private static long tree(JsonNode node) {
        return node == null ? 0 : (long) TREE_FACTOR * node.toString().length();
    }
}
