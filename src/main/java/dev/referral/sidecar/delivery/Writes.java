package dev.referral.sidecar.delivery;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.outbox.Operation;
import dev.referral.sidecar.referral.CustomerKey;
import dev.referral.sidecar.referral.IdempotencyKey;
import dev.referral.sidecar.referral.TransactionKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a write into an outbox entry: its JSON payload, its dedupe key, its lane and a canonical fingerprint of
 * its content (amounts numerically, so {@code 100} and {@code 100.00} are the same purchase).
 */
@ApplicationScoped
class Writes {

    private final ObjectMapper json;

    Writes(ObjectMapper json) {
        this.json = json;
    }

    NewEntry signup(Payloads.Signup signup) {
        // A repeated sign-up is answered from what exists, whatever its content: profile updates are out of scope.
        return new NewEntry(Operation.SIGNUP, signup.key(), signup.key(), write(signup), "signup");
    }

    NewEntry purchase(CustomerKey customer, TransactionKey key, BigDecimal amount, String action) {
        Payloads.Purchase purchase = new Payloads.Purchase(customer.value(), key.value(), amount, action);
        return new NewEntry(Operation.PURCHASE, key.value(), customer.value(), write(purchase),
                customer.value() + "|" + action + "|" + canonical(amount));
    }

    /** A refund; {@code lane} is the purchase's customer when the sidecar knows it, so it goes after the sale. */
    NewEntry refund(TransactionKey key, String lane) {
        return new NewEntry(Operation.REFUND, key.value(), lane, write(new Payloads.Refund(key.value())), "refund");
    }

    NewEntry credit(CustomerKey customer, IdempotencyKey key, BigDecimal amount, String units,
            boolean isCurrency) {
        Payloads.Credit credit = new Payloads.Credit(customer.value(), key.value(), amount, units, isCurrency);
        return new NewEntry(Operation.CREDIT, key.value(), customer.value(), write(credit),
                customer.value() + "|" + canonical(amount) + "|" + units.toLowerCase(java.util.Locale.ROOT) + "|"
                        + isCurrency);
    }

    /** A webhook event, deduplicated by the hash of its exact bytes; relays have no lane. */
    NewEntry relay(byte[] body) {
        String hash = sha256(body);
        return new NewEntry(Operation.RELAY, hash, null,
                write(new Payloads.Relay(Base64.getEncoder().encodeToString(body))), hash);
    }

    <T> T read(String payload, Class<T> type) {
        try {
            return json.readValue(payload, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable outbox payload of type " + type.getSimpleName(), e);
        }
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    static String canonical(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
