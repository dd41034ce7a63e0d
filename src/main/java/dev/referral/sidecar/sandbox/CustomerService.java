package dev.referral.sidecar.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Customer create, read, update, delete and archive (PARTNERO.md section 7.5). Every change validates completely
 * before it touches the state, so a 422 changes nothing.
 */
@ApplicationScoped
class CustomerService {

    private static final String NOT_FOUND = "Customer not found.";

    private final SandboxStore store;
    private final SandboxSettings settings;
    private final CustomerJson json;
    private final WebhookDispatcher webhooks;
    private final Capacity capacity;
    private final Clock clock;

    CustomerService(SandboxStore store, SandboxSettings settings, CustomerJson json, WebhookDispatcher webhooks,
            Capacity capacity, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.json = json;
        this.webhooks = webhooks;
        this.capacity = capacity;
        this.clock = clock;
    }

    Reply create(String body) {
        ObjectNode fields = PartneroJson.parseInput(body);
        Violations violations = new Violations();
        CustomerInput input = CustomerInput.read(fields, "", violations);
        Change change = store.write(state -> {
            checkUnique(state, input, "", null, violations);
            Optional<SandboxCustomer> referrer = referrer(state, input, violations);
            violations.throwIfAny();
            capacity.customers(state);
            ObjectNode rendered = insert(state, input, referrer);
            return Change.of(rendered, new WebhookEvent(WebhookEvent.CUSTOMER_CREATED, rendered));
        });
        webhooks.publish(change.events());
        return new Reply(settings.customerCreateStatus(), PartneroJson.envelope(change.data()));
    }

    Reply get(String ref) {
        return Reply.ok(store.read(state -> json.render(state, find(state, ref))));
    }

    /** {@code PUT /customers/{id}}: applies nested ({@code {"update": {...}}}) or flat fields. */
    Reply update(String ref, String body) {
        ObjectNode fields = PartneroJson.parseInput(body);
        boolean nested = fields.get("update") instanceof ObjectNode;
        return update(ref, nested ? (ObjectNode) fields.get("update") : fields, nested ? "update." : "");
    }

    /**
     * {@code PUT /customers} with {@code {key|id, update: {...}}}, the older form the official PHP SDK sends
     * ({@code customers()->update} names the key, {@code referrals()->update} the id).
     */
    Reply updateNamed(String body) {
        ObjectNode fields = PartneroJson.parseInput(body);
        Violations violations = new Violations();
        String id = Rules.string(fields, "id", "id", 1, violations);
        String key = Rules.string(fields, "key", "key", 1, violations);
        if (id == null && key == null && violations.isEmpty()) {
            violations.add("key", "The key field is required when id is not present.");
        }
        ObjectNode update = Rules.object(fields, "update", "update", violations);
        if (update == null && violations.isEmpty()) {
            Rules.required("update", violations);
        }
        violations.throwIfAny();
        return update(id != null ? id : key, update, "update.");
    }

    /** Changes the given fields; {@code id} and the referrer never change. */
    private Reply update(String ref, ObjectNode fields, String prefix) {
        Violations violations = new Violations();
        CustomerInput input = CustomerInput.read(fields, prefix, violations);
        Change change = store.write(state -> {
            SandboxCustomer current = find(state, ref);
            checkUnique(state, input, prefix, current, violations);
            violations.throwIfAny();
            SandboxCustomer updated = updated(current, input, clock.instant());
            state.put(updated);
            ObjectNode rendered = json.render(state, updated);
            return Change.of(rendered, new WebhookEvent(WebhookEvent.CUSTOMER_UPDATED, rendered));
        });
        webhooks.publish(change.events());
        return Reply.ok(change.data());
    }

    /** Deletes for good: key and email become free, referrals lose their referrer. */
    Reply delete(String ref) {
        Change change = store.write(state -> {
            SandboxCustomer customer = find(state, ref);
            ObjectNode rendered = json.render(state, customer).put("status", "deleted");
            state.remove(customer);
            return Change.of(null, new WebhookEvent(WebhookEvent.CUSTOMER_DELETED, rendered));
        });
        webhooks.publish(change.events());
        return Reply.done();
    }

    Reply archive(String ref, boolean archived) {
        store.write(state -> {
            SandboxCustomer customer = find(state, ref);
            if (customer.archived() != archived) {
                state.put(customer.withArchived(archived, clock.instant()));
            }
            return customer;
        });
        return Reply.done();
    }

    /** {@code GET /customers}: all customers, oldest first, or only the (non-)referred ones. */
    Reply list(String referStatus, PageRequest page, String path) {
        if (referStatus != null && !referStatus.equals("referred") && !referStatus.equals("non_referred")) {
            throw Violations.single("refer_status", Rules.invalidSelection("refer_status"));
        }
        return Reply.list(store.read(state -> page.page(state.customers().stream()
                .filter(c -> referStatus == null || (c.referrerUid() != null) == referStatus.equals("referred"))
                .map(c -> json.render(state, c)).toList(), path)));
    }

    /** {@code customers:search}: exact matches on whichever of key, id and email are given. */
    Reply search(String key, String id, String email, PageRequest page, String path) {
        return Reply.list(store.read(state -> page.page(state.customers().stream()
                .filter(c -> key == null || c.key().equals(key))
                .filter(c -> id == null || c.id().equals(id))
                .filter(c -> email == null || email.equalsIgnoreCase(c.email()))
                .map(c -> json.render(state, c)).toList(), path)));
    }

    Reply referrals(String ref, PageRequest page, String path) {
        return Reply.list(store.read(state -> page.page(state.referralsOf(find(state, ref).uid()).stream()
                .map(c -> json.render(state, c)).toList(), path)));
    }

    static SandboxCustomer find(State state, String ref) {
        return state.customer(ref).orElseThrow(() -> ApiError.notFound(NOT_FOUND));
    }

    private void checkUnique(State state, CustomerInput input, String prefix, SandboxCustomer self,
            Violations violations) {
        if (input.id() != null && self == null && state.byId(input.id()).isPresent()) {
            Rules.taken(prefix + "id", violations);
        }
        if (input.key() != null && (state.byKey(input.key()).filter(c -> other(c, self)).isPresent()
                || state.referralLink(input.key()).isPresent())) {
            Rules.taken(prefix + "key", violations);
        } else if (self == null && input.id() == null && input.key() != null && !settings.generatedIds()
                && state.byId(input.key()).isPresent()) {
            // The id would default to this key, and another customer already has that id.
            Rules.taken("id", violations);
        }
        if (input.email() != null && state.byEmail(input.email()).filter(c -> other(c, self)).isPresent()) {
            Rules.taken(prefix + "email", violations);
        }
    }

    private static boolean other(SandboxCustomer candidate, SandboxCustomer self) {
        return self == null || !candidate.uid().equals(self.uid());
    }

    /** The named referrer; an unknown one is a 422, a 400 or nothing, as {@code SANDBOX_UNKNOWN_REFERRER} says. */
    private Optional<SandboxCustomer> referrer(State state, CustomerInput input, Violations violations) {
        if (!input.namesReferrer()) {
            return Optional.empty();
        }
        // A key may also be an additional link's: the cookie holds whatever key the visitor's link carried.
        Optional<SandboxCustomer> referrer = input.referrerPath().endsWith(".id")
                ? state.byId(input.referrerValue()) : state.byKey(input.referrerValue())
                        .or(() -> state.referralLink(input.referrerValue()).flatMap(l -> state.byUid(l.customerUid())));
        if (referrer.isEmpty()) {
            switch (settings.unknownReferrer()) {
                case REJECT_422 -> violations.add(input.referrerPath(), Rules.invalidSelection(input.referrerPath()));
                case REJECT_400 -> {
                    if (violations.isEmpty()) {
                        throw ApiError.badRequest("The referring customer does not exist.");
                    }
                }
                case IGNORE -> { }
            }
        }
        return referrer;
    }

    private ObjectNode insert(State state, CustomerInput input, Optional<SandboxCustomer> referrer) {
        String uid = state.nextId("cus");
        String key = input.key() != null ? input.key() : freshKey(state);
        String id = input.id() != null ? input.id() : settings.generatedIds() ? uid : key;
        Instant now = clock.instant();
        SandboxCustomer customer = new SandboxCustomer(uid, id, key, input.email(), input.name(), input.surname(),
                orEmpty(input.metadata()), orEmpty(input.customFields()),
                referrer.map(SandboxCustomer::uid).orElse(null), false, now, now);
        state.put(customer);
        return json.render(state, customer);
    }

    private static String freshKey(State state) {
        String key;
        do {
            key = state.randomToken(10);
        } while (state.byKey(key).isPresent() || state.byId(key).isPresent());
        return key;
    }

    private static SandboxCustomer updated(SandboxCustomer c, CustomerInput in, Instant now) {
        ObjectNode metadata = c.metadata().deepCopy();
        if (in.metadata() != null) {
            metadata.setAll(in.metadata());
        }
        ObjectNode customFields = c.customFields().deepCopy();
        if (in.customFields() != null) {
            customFields.setAll(in.customFields());
        }
        return new SandboxCustomer(c.uid(), c.id(), pick(in.key(), c.key()), pick(in.email(), c.email()),
                pick(in.name(), c.name()), pick(in.surname(), c.surname()), metadata, customFields, c.referrerUid(),
                c.archived(), c.createdAt(), now);
    }

    private static String pick(String given, String current) {
        return given != null ? given : current;
    }

    private static ObjectNode orEmpty(ObjectNode node) {
        return node == null ? PartneroJson.object() : node.deepCopy();
    }
}
