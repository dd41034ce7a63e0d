package dev.referral.sidecar.sandbox;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;

/** A customer's money: {@code /stats}, {@code /balance} and {@code /balance/credit} (PARTNERO.md section 7.6). */
@ApplicationScoped
class LedgerService {

    private static final String USD = "USD";

    private final SandboxStore store;
    private final CustomerJson customers;
    private final WebhookDispatcher webhooks;
    private final Capacity capacity;
    private final Clock clock;

    LedgerService(SandboxStore store, CustomerJson customers, WebhookDispatcher webhooks, Capacity capacity,
            Clock clock) {
        this.store = store;
        this.customers = customers;
        this.webhooks = webhooks;
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Our own field names (Partnero's are unknown), counting the live sales of the customer's referrals. */
    Reply stats(String ref) {
        return Reply.ok(store.read(state -> {
            SandboxCustomer customer = CustomerService.find(state, ref);
            List<SandboxTransaction> sales = state.transactions().stream()
                    .filter(t -> t.live() && customer.uid().equals(t.referrerUid())
                            && t.action().equalsIgnoreCase("sale"))
                    .toList();
            ObjectNode stats = PartneroJson.object();
            stats.put("clicks", 0);
            stats.put("referrals_count", state.referralsOf(customer.uid()).size());
            stats.put("purchases_count", sales.size());
            stats.set("revenue", money(sales.stream().map(SandboxTransaction::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add)));
            stats.set("rewards", money(sales.stream().filter(SandboxTransaction::rewardPaid)
                    .map(t -> t.reward().amount()).reduce(BigDecimal.ZERO, BigDecimal::add)));
            return stats;
        }));
    }

    Reply balance(String ref) {
        return Reply.ok(store.read(state -> balance(state, CustomerService.find(state, ref))));
    }

    /** Requires numeric {@code amount}, string {@code amount_units} and boolean {@code is_currency}. */
    Reply credit(String ref, String body) {
        ObjectNode fields = PartneroJson.parseInput(body);
        Violations violations = new Violations();
        BigDecimal amount = Rules.amount(fields, "amount", "amount", true, violations);
        String units = Rules.requiredString(fields, "amount_units", "amount_units", violations);
        Boolean isCurrency = Rules.bool(fields, "is_currency", "is_currency", true, violations);
        Change change = store.write(state -> {
            SandboxCustomer customer = CustomerService.find(state, ref);
            violations.throwIfAny();
            capacity.credits(state);
            SandboxCredit credit = new SandboxCredit(customer.uid(), amount, units.toUpperCase(Locale.ROOT),
                    isCurrency, clock.instant());
            state.add(credit);
            ObjectNode credited = PartneroJson.object();
            credited.set("customer", customers.render(state, customer));
            credited.set("credit", credit(credit));
            return Change.of(balance(state, customer), new WebhookEvent(WebhookEvent.CUSTOMER_CREDITED, credited));
        });
        webhooks.publish(change.events());
        return Reply.ok(change.data());
    }

    /**
     * The documented shape: one {@code currency} entry per upper-cased unit and {@code is_currency}, summing paid
     * rewards and credits; {@code USD} always present.
     */
    private ObjectNode balance(State state, SandboxCustomer customer) {
        Map<String, BigDecimal> sums = new LinkedHashMap<>();
        sums.put(entry(USD, true), BigDecimal.ZERO);
        state.transactions().stream().filter(t -> t.rewardPaid() && customer.uid().equals(t.referrerUid()))
                .forEach(t -> sums.merge(entry(t.reward().amountUnits(), true), t.reward().amount(), BigDecimal::add));
        state.credits().stream().filter(c -> c.customerUid().equals(customer.uid()))
                .forEach(c -> sums.merge(entry(c.amountUnits(), c.isCurrency()), c.amount(), BigDecimal::add));
        ObjectNode data = PartneroJson.object();
        data.set("customer", customers.render(state, customer));
        ArrayNode currency = data.putObject("balance").putArray("currency");
        sums.forEach((entry, sum) -> {
            String[] parts = entry.split("\\|", 2);
            currency.addObject().put("amount", PartneroJson.amount(sum)).put("amount_units", parts[1])
                    .put("is_currency", Boolean.parseBoolean(parts[0]));
        });
        return data;
    }

    private static String entry(String units, boolean isCurrency) {
        return isCurrency + "|" + units.toUpperCase(Locale.ROOT);
    }

    private static ObjectNode money(BigDecimal amount) {
        return PartneroJson.object().put("amount", PartneroJson.amount(amount)).put("amount_units", USD);
    }

    private static ObjectNode credit(SandboxCredit credit) {
        return PartneroJson.object().put("amount", PartneroJson.amount(credit.amount()))
                .put("amount_units", credit.amountUnits()).put("is_currency", credit.isCurrency())
                .put("created_at", PartneroJson.time(credit.createdAt()));
    }
}
