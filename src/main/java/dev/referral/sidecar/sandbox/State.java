package dev.referral.sidecar.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * The emulator's mutable data. Not thread-safe on purpose: {@link SandboxStore} hands it out only under its lock.
 * Every mutator marks it dirty so the store knows a change (and nothing else) must be saved.
 */
final class State {

    private static final String TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Map<String, SandboxCustomer> customers = new LinkedHashMap<>();
    private final List<SandboxTransaction> transactions = new ArrayList<>();
    private final List<SandboxCredit> credits = new ArrayList<>();
    private final Map<String, SandboxWebhook> webhooks = new LinkedHashMap<>();
    private final Map<String, SandboxReferralLink> referralLinks = new LinkedHashMap<>();
    private final List<SandboxInvite> invites = new ArrayList<>();
    private final Map<String, Long> counters = new TreeMap<>();
    private final Random random;
    private boolean dirty;

    State(long seed) {
        this.random = new Random(seed);
    }

    static State restore(StateSnapshot snapshot, long seed) {
        // Reseeded with the amount of restored data, so tokens drawn after a restart differ from earlier ones.
        State state = new State(seed + snapshot.customers().size() + snapshot.webhooks().size());
        state.counters.putAll(snapshot.counters());
        snapshot.customers().forEach(c -> state.customers.put(c.uid(), c));
        state.transactions.addAll(snapshot.transactions());
        state.credits.addAll(snapshot.credits());
        snapshot.webhooks().forEach(w -> state.webhooks.put(w.key(), w));
        snapshot.referralLinks().forEach(l -> state.referralLinks.put(l.id(), l));
        state.invites.addAll(snapshot.invites());
        return state;
    }

    StateSnapshot snapshot() {
        return new StateSnapshot(Map.copyOf(counters), List.copyOf(customers.values()), List.copyOf(transactions),
                List.copyOf(credits), List.copyOf(webhooks.values()), List.copyOf(referralLinks.values()),
                List.copyOf(invites));
    }

    /** The next id of a kind: {@code cus_000001}, {@code tx_000001}, {@code rw_000001}, {@code wh_000001}. */
    String nextId(String kind) {
        dirty = true;
        return "%s_%06d".formatted(kind, counters.merge(kind, 1L, Long::sum));
    }

    /** A deterministic (seeded) random token, for generated keys and webhook secrets. */
    String randomToken(int length) {
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
        }
        return token.toString();
    }

    boolean takeDirty() {
        boolean was = dirty;
        dirty = false;
        return was;
    }

    // --- customers -------------------------------------------------------------------------------------------

    /** The customer a path segment names: an id first, then a key, then an email. */
    Optional<SandboxCustomer> customer(String ref) {
        return byId(ref).or(() -> byKey(ref)).or(() -> byEmail(ref));
    }

    Optional<SandboxCustomer> byId(String id) {
        return customers.values().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    Optional<SandboxCustomer> byKey(String key) {
        return customers.values().stream().filter(c -> c.key().equals(key)).findFirst();
    }

    Optional<SandboxCustomer> byEmail(String email) {
        String wanted = email.toLowerCase(Locale.ROOT);
        return customers.values().stream()
                .filter(c -> c.email() != null && c.email().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    Optional<SandboxCustomer> byUid(String uid) {
        return Optional.ofNullable(uid).map(customers::get);
    }

    List<SandboxCustomer> customers() {
        return List.copyOf(customers.values());
    }

    List<SandboxCustomer> referralsOf(String uid) {
        return customers.values().stream().filter(c -> uid.equals(c.referrerUid())).toList();
    }

    void put(SandboxCustomer customer) {
        dirty = true;
        customers.put(customer.uid(), customer);
    }

    /** Removes a customer and its referral links; its referrals keep existing without a referrer. */
    void remove(SandboxCustomer customer) {
        dirty = true;
        customers.remove(customer.uid());
        referralsOf(customer.uid()).forEach(r -> customers.put(r.uid(), r.withReferrer(null)));
        referralLinks.values().removeIf(l -> l.customerUid().equals(customer.uid()));
    }

    // --- transactions and credits ----------------------------------------------------------------------------

    List<SandboxTransaction> transactions() {
        return List.copyOf(transactions);
    }

    int transactionCount() {
        return transactions.size();
    }

    /** Live transactions with this key, oldest first. */
    List<SandboxTransaction> live(String key) {
        // Insertion order is creation order, even when a fixed clock gives two the same time.
        return transactions.stream().filter(t -> t.live() && t.key().equals(key)).toList();
    }

    void add(SandboxTransaction transaction) {
        dirty = true;
        transactions.add(transaction);
    }

    void replace(SandboxTransaction transaction) {
        dirty = true;
        transactions.replaceAll(t -> t.uid().equals(transaction.uid()) ? transaction : t);
    }

    List<SandboxCredit> credits() {
        return List.copyOf(credits);
    }

    int creditCount() {
        return credits.size();
    }

    void add(SandboxCredit credit) {
        dirty = true;
        credits.add(credit);
    }

    // --- webhooks --------------------------------------------------------------------------------------------

    List<SandboxWebhook> webhooks() {
        return List.copyOf(webhooks.values());
    }

    Optional<SandboxWebhook> webhook(String key) {
        return Optional.ofNullable(webhooks.get(key));
    }

    void put(SandboxWebhook webhook) {
        dirty = true;
        webhooks.put(webhook.key(), webhook);
    }

    void remove(SandboxWebhook webhook) {
        dirty = true;
        webhooks.remove(webhook.key());
    }

    // --- referral links and invitations ----------------------------------------------------------------------

    List<SandboxReferralLink> referralLinks() {
        return List.copyOf(referralLinks.values());
    }

    /** The additional links of one customer, oldest first. */
    List<SandboxReferralLink> referralLinksOf(String customerUid) {
        return referralLinks.values().stream().filter(l -> l.customerUid().equals(customerUid)).toList();
    }

    /** The link a path segment names: an id first, then a key. */
    Optional<SandboxReferralLink> referralLink(String ref) {
        return Optional.ofNullable(referralLinks.get(ref))
                .or(() -> referralLinks.values().stream().filter(l -> l.key().equals(ref)).findFirst());
    }

    void put(SandboxReferralLink link) {
        dirty = true;
        referralLinks.put(link.id(), link);
    }

    void remove(SandboxReferralLink link) {
        dirty = true;
        referralLinks.remove(link.id());
    }

    List<SandboxInvite> invites() {
        return List.copyOf(invites);
    }

    void add(SandboxInvite invite) {
        dirty = true;
        invites.add(invite);
    }
}
