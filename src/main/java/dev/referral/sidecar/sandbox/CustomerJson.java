package dev.referral.sidecar.sandbox;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Renders customers in Partnero's shape (PARTNERO.md section 2.1): no {@code key} field (H3), the key only inside
 * {@code referral_link}, whose {@code ref} value is exactly what the {@code partnero_referral} cookie would hold;
 * {@code referral_links} lists that default link first, then the customer's additional links.
 */
@ApplicationScoped
class CustomerJson {

    private final SandboxSettings settings;

    CustomerJson(SandboxSettings settings) {
        this.settings = settings;
    }

    ObjectNode render(State state, SandboxCustomer customer) {
        ObjectNode node = PartneroJson.object();
        node.put("id", customer.id());
        node.put("email", customer.email());
        node.put("name", customer.name());
        node.put("surname", customer.surname());
        node.put("status", "active");
        node.put("approved", true);
        node.set("referring_customer", state.byUid(customer.referrerUid()).map(CustomerJson::brief).orElse(null));
        node.put("referrals_count", state.referralsOf(customer.uid()).size());
        node.set("metadata", customer.metadata().deepCopy());
        node.set("custom_fields", customer.customFields().deepCopy());
        String link = referralLink(customer.key());
        node.put("referral_link", link);
        var links = node.putArray("referral_links").add(link);
        state.referralLinksOf(customer.uid()).forEach(extra -> links.add(referralLink(extra.key())));
        node.put("created_at", PartneroJson.time(customer.createdAt()));
        node.put("updated_at", PartneroJson.time(customer.updatedAt()));
        return node;
    }

    /** The referrer as shown inside a customer: {@code {id, email, name, surname}}. */
    static ObjectNode brief(SandboxCustomer customer) {
        ObjectNode node = PartneroJson.object();
        node.put("id", customer.id());
        node.put("email", customer.email());
        node.put("name", customer.name());
        node.put("surname", customer.surname());
        return node;
    }

    String referralLink(String key) {
        String site = settings.siteUrl();
        return site + (site.contains("?") ? "&" : "?") + "ref=" + encode(key);
    }

    /** Percent-encodes all but the characters a query value may carry as they are, so valid keys stay verbatim. */
    private static String encode(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~:@".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
