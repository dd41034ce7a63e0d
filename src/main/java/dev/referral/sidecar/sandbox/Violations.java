package dev.referral.sidecar.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Collected validation errors, answered as Laravel does: 422, {@code message} = the first error plus
 * " (and N more error[s])", {@code errors} = dot-path field to messages, and no {@code status} field.
 */
final class Violations {

    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    void add(String field, String message) {
        errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Throws the 422 when anything was collected; callers change nothing before this passes. */
    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ApiError(422, body());
        }
    }

    static ApiError single(String field, String message) {
        Violations violations = new Violations();
        violations.add(field, message);
        return new ApiError(422, violations.body());
    }

    private ObjectNode body() {
        List<String> all = errors.values().stream().flatMap(List::stream).toList();
        int more = all.size() - 1;
        String message = more == 0 ? all.get(0)
                : "%s (and %d more error%s)".formatted(all.get(0), more, more == 1 ? "" : "s");
        ObjectNode body = PartneroJson.message(message);
        ObjectNode fields = body.putObject("errors");
        errors.forEach((field, messages) -> messages.forEach(fields.putArray(field)::add));
        return body;
    }
}
