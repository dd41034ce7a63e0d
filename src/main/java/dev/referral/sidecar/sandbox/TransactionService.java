package dev.referral.sidecar.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transactions and their rewards (PARTNERO.md section 7.6). Faithful to hazard H1: a repeated key records a second
 * transaction and pays a second reward, unless {@code SANDBOX_STRICT_TRANSACTION_KEYS} is on.
 */
@ApplicationScoped
class TransactionService {

    private static final String NOT_FOUND = "Transaction not found.";

    private final SandboxStore store;
    private final SandboxSettings settings;
    private final CustomerJson customers;
    private final WebhookDispatcher webhooks;
    private final Capacity capacity;
    private final Clock clock;

    TransactionService(SandboxStore store, SandboxSettings settings, CustomerJson customers,
            WebhookDispatcher webhooks, Capacity capacity, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.customers = customers;
        this.webhooks = webhooks;
        this.capacity = capacity;
        this.clock = clock;
    }

    /** A single transaction, or a batch (top-level {@code customer} + {@code transactions[]}) validated whole. */
    Reply create(String body) {
        ObjectNode fields = PartneroJson.parseInput(body);
        boolean batch = fields.has("transactions");
        Violations violations = new Violations();
        List<TransactionLine> lines = lines(fields, batch, violations);
        List<WebhookEvent> events = new ArrayList<>();
        JsonNode data = store.write(state -> {
            SandboxCustomer buyer = buyer(state, fields.get("customer"), violations);
            checkKeys(state, lines, batch, violations);
            violations.throwIfAny();
            capacity.transactions(state, lines.size());
            ArrayNode created = PartneroJson.array();
            lines.forEach(line -> created.add(record(state, buyer, line, events)));
            return batch ? created : created.get(0);
        });
        webhooks.publish(events);
        return Reply.ok(data);
    }

    /** The newest live transaction with this key. */
    Reply get(String key) {
        return Reply.ok(store.read(state -> {
            List<SandboxTransaction> matches = state.live(key);
            if (matches.isEmpty()) {
                throw ApiError.notFound(NOT_FOUND);
            }
            return TransactionJson.render(matches.get(matches.size() - 1));
        }));
    }

    /** Live transactions, oldest first, filtered on {@code key} and the buyer's key when given. */
    Reply list(String key, String customerKey, PageRequest page, String path) {
        return Reply.list(store.read(state -> {
            Optional<String> buyerUid = Optional.ofNullable(customerKey)
                    .map(k -> state.byKey(k).map(SandboxCustomer::uid).orElse(""));
            return page.page(state.transactions().stream().filter(SandboxTransaction::live)
                    .filter(t -> key == null || t.key().equals(key))
                    .filter(t -> buyerUid.isEmpty() || buyerUid.get().equals(t.buyerUid()))
                    .map(TransactionJson::render).toList(), path);
        }));
    }

    /** A refund: removes the oldest live match and reverses its reward. The path key wins over a body key. */
    Reply delete(String pathKey, String body) {
        String key = pathKey != null ? pathKey : bodyKey(body);
        WebhookEvent event = store.write(state -> {
            SandboxTransaction oldest = state.live(key).stream().findFirst()
                    .orElseThrow(() -> ApiError.notFound(NOT_FOUND));
            SandboxTransaction deleted = oldest.deleted(clock.instant());
            state.replace(deleted);
            return new WebhookEvent(WebhookEvent.TRANSACTION_DELETED, TransactionJson.render(deleted));
        });
        webhooks.publish(List.of(event));
        return Reply.done();
    }

    /** Switches the reward of the oldest live match off ({@code archived}) or on again. */
    Reply archive(String key, boolean archived) {
        store.write(state -> {
            List<SandboxTransaction> matches = state.live(key);
            if (matches.isEmpty()) {
                throw ApiError.notFound(NOT_FOUND);
            }
            matches.stream().filter(t -> t.archived() != archived).findFirst()
                    .ifPresent(t -> state.replace(t.withArchived(archived)));
            return key;
        });
        return Reply.done();
    }

    private static List<TransactionLine> lines(ObjectNode fields, boolean batch, Violations violations) {
        if (!batch) {
            return List.of(TransactionLine.read(fields, "", violations));
        }
        JsonNode items = fields.get("transactions");
        if (!(items instanceof ArrayNode array) || array.isEmpty()) {
            violations.add("transactions", "The transactions field must be a non-empty array.");
            return List.of();
        }
        List<TransactionLine> lines = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String prefix = "transactions." + i + ".";
            if (array.get(i) instanceof ObjectNode item) {
                lines.add(TransactionLine.read(item, prefix, violations));
            } else {
                violations.add("transactions." + i, "The transactions.%d field must be an array.".formatted(i));
            }
        }
        return lines;
    }

    /** The buyer named by {@code customer.id}, {@code .key} or {@code .email}; 422 on the field used. */
    private SandboxCustomer buyer(State state, JsonNode customer, Violations violations) {
        Optional<SandboxCustomer> buyer = Rules.customer(state, customer, violations);
        if (buyer.isPresent() && settings.rejectNonReferred() && buyer.get().referrerUid() == null) {
            violations.add("customer.key", "The customer.key must belong to a referred customer.");
        }
        return buyer.orElse(null);
    }

    private void checkKeys(State state, List<TransactionLine> lines, boolean batch, Violations violations) {
        if (!settings.strictTransactionKeys()) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String key = lines.get(i).key();
            if (key != null && (!state.live(key).isEmpty() || !seen.add(key))) {
                Rules.taken(batch ? "transactions." + i + ".key" : "key", violations);
            }
        }
    }

    private ObjectNode record(State state, SandboxCustomer buyer, TransactionLine line, List<WebhookEvent> events) {
        Instant now = clock.instant();
        String uid = state.nextId("tx");
        Optional<SandboxCustomer> referrer = state.byUid(buyer.referrerUid());
        SandboxReward reward = referrer.flatMap(r -> reward(state, line, now)).orElse(null);
        SandboxTransaction transaction = new SandboxTransaction(uid, line.key() == null ? uid : line.key(),
                line.action(), line.amount(), line.amountUnits(), buyer.uid(), buyer.id(),
                referrer.map(SandboxCustomer::uid).orElse(null), referrer.map(SandboxCustomer::id).orElse(null),
                reward, false, now, null);
        state.add(transaction);
        ObjectNode rendered = TransactionJson.render(transaction);
        events.add(new WebhookEvent(WebhookEvent.TRANSACTION_CREATED, rendered));
        if (reward != null) {
            ObjectNode rewarded = PartneroJson.object();
            rewarded.set("customer", customers.render(state, referrer.get()));
            rewarded.set("transaction", rendered);
            events.add(new WebhookEvent(WebhookEvent.CUSTOMER_REWARDED, rewarded));
        }
        return rendered;
    }

    /** {@code amount × SANDBOX_REWARD_RATE}, half-up to 2 decimals, for a positive sale; none when it rounds to 0. */
    private Optional<SandboxReward> reward(State state, TransactionLine line, Instant now) {
        if (!line.isSale() || line.amount().signum() <= 0) {
            return Optional.empty();
        }
        BigDecimal amount = line.amount().multiply(settings.rewardRate()).setScale(2, RoundingMode.HALF_UP);
        return Optional.of(amount).filter(Predicate.not(a -> a.signum() == 0))
                .map(a -> new SandboxReward(state.nextId("rw"), line.action(), a, line.amountUnits(), now, null));
    }

    private static String bodyKey(String body) {
        ObjectNode fields = PartneroJson.parseInput(body);
        Violations violations = new Violations();
        String key = Rules.requiredString(fields, "key", "key", violations);
        violations.throwIfAny();
        return key;
    }
}
