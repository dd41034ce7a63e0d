package dev.referral.sidecar.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A customer's referral links ({@code /customer_referral_links}, {@code /customers/{id}/referral_links}). Created
 * links are state: they join the customer's {@code referral_links}, can be changed and deleted, and their key is
 * accepted as {@code referring_customer.key}. The default link (the customer's own key) is listed first but is not a
 * stored link: the link endpoints do not find, change or delete it.
 */
@ApplicationScoped
class ReferralLinkService {

    private static final String NOT_FOUND = "Not found.";

    private final SandboxStore store;
    private final CustomerJson customers;
    private final Capacity capacity;
    private final Clock clock;

    ReferralLinkService(SandboxStore store, CustomerJson customers, Capacity capacity, Clock clock) {
        this.store = store;
        this.customers = customers;
        this.capacity = capacity;
        this.clock = clock;
    }

    /** {@code GET /customers/{id}/referral_links}: the default link first, then the additional ones. */
    Reply list(String customerRef, PageRequest page, String path) {
        return Reply.list(store.read(state -> {
            SandboxCustomer customer = CustomerService.find(state, customerRef);
            List<ObjectNode> links = new ArrayList<>();
            links.add(defaultLink(customer));
            state.referralLinksOf(customer.uid()).forEach(l -> links.add(render(l)));
            return page.page(links, path);
        }));
    }

    Reply get(String ref) {
        return Reply.ok(store.read(state -> render(find(state, ref))));
    }

    /** {@code POST /customer_referral_links}: {@code key} and {@code customer} (id, key or email) required. */
    Reply create(String body) {
        ObjectNode fields = PartneroJson.parseInput(body);
        Violations violations = new Violations();
        String key = Rules.requiredString(fields, "key", "key", violations);
        LinkOptions options = LinkOptions.read(fields, violations);
        return Reply.ok(store.write(state -> {
            Optional<SandboxCustomer> customer = Rules.customer(state, fields.get("customer"), violations);
            checkKey(state, key, null, violations);
            violations.throwIfAny();
            capacity.referralLinks(state);
            Instant now = clock.instant();
            SandboxReferralLink link = options.applyTo(new SandboxReferralLink(key, key, customer.get().uid(), false,
                    false, false, null, now, now), now);
            state.put(link);
            return render(link);
        }));
    }

    /** {@code PUT /customer_referral_links/{id}}: changes the given fields, flat or nested under {@code update}. */
    Reply update(String ref, String body) {
        ObjectNode root = PartneroJson.parseInput(body);
        ObjectNode fields = root.get("update") instanceof ObjectNode nested ? nested : root;
        Violations violations = new Violations();
        String key = Rules.string(fields, "key", "key", 1, violations);
        LinkOptions options = LinkOptions.read(fields, violations);
        return Reply.ok(store.write(state -> {
            SandboxReferralLink current = find(state, ref);
            checkKey(state, key, current, violations);
            violations.throwIfAny();
            Instant now = clock.instant();
            SandboxReferralLink updated = options.applyTo(new SandboxReferralLink(current.id(),
                    key == null ? current.key() : key, current.customerUid(), current.isAdditional(),
                    current.directTracking(), current.directTrackingRedirect(), current.directTrackingRedirectUrl(),
                    current.createdAt(), now), now);
            state.put(updated);
            return render(updated);
        }));
    }

    Reply delete(String ref) {
        store.write(state -> {
            SandboxReferralLink link = find(state, ref);
            state.remove(link);
            return link;
        });
        return Reply.done();
    }

    /** {@code customer_referral_links:search}: exact matches on id, key and the owning customer, when given. */
    Reply search(String id, String key, JsonNode customer, PageRequest page, String path) {
        return Reply.list(store.read(state -> {
            Optional<String> owner = customer == null ? Optional.empty()
                    : Optional.of(Rules.customer(state, customer, new Violations()).map(SandboxCustomer::uid)
                            .orElse(""));
            return page.page(state.referralLinks().stream()
                    .filter(l -> id == null || l.id().equals(id))
                    .filter(l -> key == null || l.key().equals(key))
                    .filter(l -> owner.isEmpty() || owner.get().equals(l.customerUid()))
                    .map(this::render).toList(), path);
        }));
    }

    private static SandboxReferralLink find(State state, String ref) {
        return state.referralLink(ref).orElseThrow(() -> ApiError.notFound(NOT_FOUND));
    }

    /** A link key is a {@code ref} value, so it must not be another link's id or key, nor a customer's key. */
    private static void checkKey(State state, String key, SandboxReferralLink self, Violations violations) {
        if (key == null) {
            return;
        }
        boolean otherLink = state.referralLinks().stream().filter(l -> self == null || !l.id().equals(self.id()))
                .anyMatch(l -> l.id().equals(key) || l.key().equals(key));
        if (otherLink || state.byKey(key).isPresent()) {
            Rules.taken("key", violations);
        }
    }

    /** Partnero's link shape (its referral-link reference): {@code id}, {@code key}, {@code url} and flags. */
    private ObjectNode render(SandboxReferralLink link) {
        return shape(link.id(), link.key(), false, link.isAdditional(), link.directTracking(),
                link.directTrackingRedirect(), link.directTrackingRedirectUrl());
    }

    private ObjectNode defaultLink(SandboxCustomer customer) {
        return shape(customer.key(), customer.key(), true, false, false, false, null);
    }

    private ObjectNode shape(String id, String key, boolean isDefault, boolean isAdditional, boolean directTracking,
            boolean directTrackingRedirect, String directTrackingRedirectUrl) {
        ObjectNode node = PartneroJson.object();
        node.put("id", id);
        node.put("key", key);
        node.put("url", customers.referralLink(key));
        node.put("default", isDefault);
        node.put("is_additional", isAdditional);
        node.put("direct_tracking", directTracking);
        node.put("direct_tracking_redirect", directTrackingRedirect);
        node.put("direct_tracking_redirect_url", directTrackingRedirectUrl);
        return node;
    }
}
