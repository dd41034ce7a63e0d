package dev.referral.sidecar.outbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.referral.CustomerKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The customers this sidecar saw created upstream, kept beyond outbox retention: Partnero's id (H3), the referrer
 * Partnero accepted (whose dashboard a purchase changes), and the links a repeated sign-up is answered with.
 */
@ApplicationScoped
public class CustomerRecords {

    private static final int MAX_KNOWN = 10_000;

    private static final TypeReference<List<String>> LINKS = new TypeReference<>() {
    };

    private final Store store;
    private final Clock clock;
    private final ObjectMapper json;
    /** Sign-up records read or written lately, so the dashboard and cache eviction need no store round trip. */
    private final Map<String, CustomerRecord> known = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CustomerRecord> eldest) {
                    return size() > MAX_KNOWN;
                }
            });

    CustomerRecords(Store store, Clock clock, ObjectMapper json) {
        this.store = store;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Keeps {@code record} in memory at once, before it is committed: what it says is already true upstream, and the
     * dashboard and a purchase's cache eviction read it here first. Should its commit be lost, the sign-up is checked
     * upstream and the record written again.
     */
    public void remember(CustomerRecord record) {
        known.put(record.key(), record);
    }

    /**
     * The write that stores {@code record}, committed with another (a sign-up's delivered mark); {@link #remember}
     * it first, so that nobody needs that commit to see it.
     */
    public Store.Work<Void> saving(CustomerRecord record) {
        return c -> {
            // One statement that inserts or replaces (PostgreSQL and SQLite both know ON CONFLICT).
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (customer_key, partnero_id, "
                    + "referrer_key, referral_link, referral_links, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (customer_key) DO UPDATE SET partnero_id = excluded.partnero_id, "
                    + "referrer_key = excluded.referrer_key, referral_link = excluded.referral_link, "
                    + "referral_links = excluded.referral_links, created_at = excluded.created_at")) {
                ps.setString(1, record.key());
                ps.setString(2, record.partneroId());
                ps.setString(3, record.referrer());
                ps.setString(4, record.referralLink());
                ps.setString(5, json.writeValueAsString(record.referralLinks()));
                ps.setLong(6, clock.millis());
                ps.executeUpdate();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return null;
        };
    }

    /** The record of {@code key} if it is in memory (no store read; empty says nothing about the store). */
    public Optional<CustomerRecord> cached(CustomerKey key) {
        return Optional.ofNullable(known.get(key.value()));
    }

    /** The record of {@code key}, if this sidecar created that customer. */
    public Optional<CustomerRecord> find(CustomerKey key) {
        CustomerRecord cached = known.get(key.value());
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<CustomerRecord> stored = read(key);
        stored.ifPresent(r -> known.put(key.value(), r));
        return stored;
    }

    /**
     * The key of the customer Partnero knows as {@code partneroId}, if this sidecar created it (a store read: never
     * on the event loop). Partnero names customers by that id in its webhooks and transactions (H3).
     */
    public Optional<CustomerKey> keyOf(String partneroId) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT customer_key FROM customers WHERE partnero_id = ? LIMIT 2")) {
                ps.setString(1, partneroId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String key = rs.getString(1);
                    // Two customers under one id would be a mix-up upstream: evicting either is a guess, so neither.
                    return rs.next() ? Optional.empty() : Optional.of(new CustomerKey(key));
                }
            }
        });
    }

    private Optional<CustomerRecord> read(CustomerKey key) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT partnero_id, referrer_key, referral_link, "
                    + "referral_links FROM customers WHERE customer_key = ?")) {
                ps.setString(1, key.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new CustomerRecord(key.value(), rs.getString(1), rs.getString(2),
                            rs.getString(3), links(rs.getString(4))));
                }
            }
        });
    }

    private List<String> links(String stored) {
        try {
            return stored == null ? List.of() : json.readValue(stored, LINKS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of();
        }
    }
}
