package dev.referral.sidecar.outbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.KeyRule;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The customers this sidecar saw created upstream, kept beyond outbox retention: Partnero's id (H3), the referrer
 * Partnero accepted (whose dashboard a purchase changes), and the links a repeated sign-up is answered with.
 */
@ApplicationScoped
public class CustomerRecords {

    private static final TypeReference<List<String>> LINKS = new TypeReference<>() {
    };

    private final Store store;
    private final Clock clock;
    private final ObjectMapper json;

    CustomerRecords(Store store, Clock clock, ObjectMapper json) {
        this.store = store;
        this.clock = clock;
        this.json = json;
    }

    public void save(Payloads.SignupResult result, boolean referred) {
        store.inTransaction(c -> {
            Outbox.update(c, "DELETE FROM customers WHERE customer_key = ?", result.key());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (customer_key, partnero_id, "
                    + "referrer_key, referral_link, referral_links, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, result.key());
                ps.setString(2, result.partneroId());
                ps.setString(3, referred ? result.referredBy() : null);
                ps.setString(4, result.referralLink());
                ps.setString(5, json.writeValueAsString(result.referralLinks()));
                ps.setLong(6, clock.millis());
                ps.executeUpdate();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
    }

    /** The stored sign-up answer of {@code key}, as a repeated sign-up gets it. */
    public Optional<Payloads.SignupResult> find(CustomerKey key) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT partnero_id, referrer_key, referral_link, "
                    + "referral_links FROM customers WHERE customer_key = ?")) {
                ps.setString(1, key.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Payloads.SignupResult(key.value(), rs.getString(1), rs.getString(2),
                            rs.getString(3), links(rs.getString(4)), false, null));
                }
            }
        });
    }

    /** The referrer Partnero accepted for {@code key}, when this sidecar created that customer. */
    public Optional<CustomerKey> referrerOf(String key) {
        if (!KeyRule.valid(key)) {
            return Optional.empty();
        }
        return find(new CustomerKey(key)).map(Payloads.SignupResult::referredBy).filter(KeyRule::valid)
                .map(CustomerKey::new);
    }

    private List<String> links(String stored) {
        try {
            return stored == null ? List.of() : json.readValue(stored, LINKS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of();
        }
    }
}
