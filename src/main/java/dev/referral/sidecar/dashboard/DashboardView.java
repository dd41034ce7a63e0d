package dev.referral.sidecar.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.referral.sidecar.partnero.Customer;
import dev.referral.sidecar.referral.CustomerKey;

/**
 * The answer of {@code GET /referrals/{key}}. Complete: every field, {@code stale} and {@code missing} included.
 * Partial: the parts Partnero did not give are absent and named in {@code missing}. Pending: only {@code key} and
 * {@code pending}. Stats and balance are Partnero's {@code data}, passed through; referrals are projected to
 * {@link ReferralSummary}, so no one else's email, surname or custom fields leave the sidecar.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DashboardView(
        String key,
        Boolean pending,
        String referralLink,
        List<String> referralLinks,
        Integer referralsCount,
        JsonNode stats,
        JsonNode balance,
        List<ReferralSummary> referrals,
        Instant fetchedAt,
        Boolean stale,
        List<String> missing) {

    static final String STATS = "stats";
    static final String BALANCE = "balance";
    static final String REFERRALS = "referrals";

    /** The customer's sign-up is still queued: Partnero does not know it yet. */
    static DashboardView pending(CustomerKey key) {
        return new DashboardView(key.value(), true, null, null, null, null, null, null, null, null, null);
    }

    /** What one fetch gave; the parts that failed are named in {@code missing}. */
    static DashboardView of(CustomerKey key, DashboardFetch.Fetched fetched) {
        Customer customer = fetched.customer();
        List<String> missing = new ArrayList<>();
        if (fetched.stats().isEmpty()) {
            missing.add(STATS);
        }
        if (fetched.balance().isEmpty()) {
            missing.add(BALANCE);
        }
        if (fetched.referrals().isEmpty()) {
            missing.add(REFERRALS);
        }
        return new DashboardView(key.value(), null, customer.referralLink(),
                customer.referralLinks() == null ? List.of() : customer.referralLinks(), customer.referralsCount(),
                fetched.stats().orElse(null), fetched.balance().orElse(null),
                fetched.referrals().map(page -> page.data() == null ? List.<ReferralSummary>of()
                        : page.data().stream().map(ReferralSummary::of).toList()).orElse(null),
                fetched.at(), false, List.copyOf(missing));
    }

    boolean complete() {
        return missing != null && missing.isEmpty();
    }

    /** This answer served after Partnero failed: same content and {@code fetched_at}, marked stale. */
    DashboardView asStale() {
        return new DashboardView(key, pending, referralLink, referralLinks, referralsCount, stats, balance, referrals,
                fetchedAt, true, missing);
    }

    /** A referred customer as the dashboard shows it. */
    public record ReferralSummary(String id, String name, String status, String createdAt) {

        static ReferralSummary of(JsonNode referral) {
            return new ReferralSummary(text(referral, "id"), text(referral, "name"), text(referral, "status"),
                    text(referral, "created_at"));
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.path(field);
            return value.isValueNode() && !value.isNull() ? value.asText() : null;
        }

        @Override
        public String toString() {
            return "ReferralSummary[id=" + id + ", status=" + status + "]";
        }
    }
}
