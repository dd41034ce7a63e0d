package dev.referral.sidecar.support;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.referral.sidecar.partnero.Customer;
import dev.referral.sidecar.partnero.PartneroRejected;
import dev.referral.sidecar.partnero.PartneroThrottled;
import dev.referral.sidecar.partnero.PartneroUnavailable;
import dev.referral.sidecar.partnero.Transaction;
import io.smallrye.mutiny.Uni;

/** Canned upstream answers for tests that stub {@code PartneroClient}. */
public final class Upstream {

    private Upstream() {
    }

    public static Uni<Customer> customer(String key, String referrer) {
        return Uni.createFrom().item(new Customer(key, key + "@example.com", "Name", null, "active",
                referrer == null ? null : JsonNodeFactory.instance.objectNode().put("id", referrer), 0,
                "http://localhost:3000/?ref=" + key, List.of("http://localhost:3000/?ref=" + key), null));
    }

    public static Uni<Transaction> transaction(String key) {
        return Uni.createFrom().item(new Transaction(key, "sale", BigDecimal.TEN, null, null, "USD", null, null));
    }

    public static <T> Uni<T> down() {
        return Uni.createFrom().failure(new PartneroUnavailable(503, false, "503 from Partnero", null));
    }

    public static <T> Uni<T> unknownOutcome() {
        return Uni.createFrom().failure(new PartneroUnavailable(504, true, "504 from Partnero", null));
    }

    /** This sidecar's own bulkhead for the operation was full: Partnero was never asked. */
    public static <T> Uni<T> busy() {
        return Uni.createFrom().failure(new BulkheadException("bulkhead full"));
    }

    public static <T> Uni<T> throttled(long seconds) {
        return Uni.createFrom().failure(new PartneroThrottled(java.time.Duration.ofSeconds(seconds)));
    }

    public static <T> Uni<T> rejected(int status, String field, String message) {
        return Uni.createFrom().failure(new PartneroRejected(status, message, Map.of(field, List.of(message))));
    }
}
