package dev.referral.sidecar.partnero;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Partnero customer as answered (PARTNERO.md 2.1). It has no {@code key} (H3): callers correlate on the key they
 * sent. Every field is optional; {@code referringCustomer}'s shape is unknown and kept opaque.
 */
public record Customer(
        String id,
        String email,
        String name,
        String surname,
        String status,
        JsonNode referringCustomer,
        Integer referralsCount,
        String referralLink,
        List<String> referralLinks,
        String createdAt) {

    @Override
    public String toString() {
        return "Customer[id=" + id + ", status=" + status + ", referralsCount=" + referralsCount + "]";
    }
}
