package dev.referral.sidecar.partnero;

import java.util.List;
import java.util.Map;

/**
 * A final 4xx (400, 404, 409, 422, ...): Partnero works and refused this request; never retried as is.
 * {@code errors} maps Partnero's dot-path fields ({@code transactions.0.amount}) to its messages.
 */
public final class PartneroRejected extends PartneroException {

    private final int status;
    private final String upstreamMessage;
    private final Map<String, List<String>> errors;

    public PartneroRejected(int status, String upstreamMessage, Map<String, List<String>> errors) {
        super("Partnero rejected the request with " + status, null);
        this.status = status;
        this.upstreamMessage = upstreamMessage;
        this.errors = errors == null ? Map.of() : Map.copyOf(errors);
    }

    public int status() {
        return status;
    }

    /** Partnero's {@code message}, or the status line when the body was not JSON. */
    public String upstreamMessage() {
        return upstreamMessage;
    }

    public Map<String, List<String>> errors() {
        return errors;
    }

    public boolean notFound() {
        return status == 404;
    }

    /** True when the only fields named are under {@code prefix} (e.g. {@code referring_customer}). */
    public boolean onlyFieldsUnder(String prefix) {
        return !errors.isEmpty() && errors.keySet().stream().allMatch(f -> f.equals(prefix) || f.startsWith(prefix + "."));
    }
}
