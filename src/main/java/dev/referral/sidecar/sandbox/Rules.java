package dev.referral.sidecar.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Laravel-style field rules. Each reads one field of a parsed body, records a violation under its dot path with
 * Laravel's wording (underscores read as spaces) and returns the value, or null when absent or invalid.
 */
final class Rules {

    static final int MAX_STRING = 255;
    static final int MAX_AMOUNT_DIGITS = 12;
    static final int MAX_AMOUNT_DECIMALS = 2;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$");
    private static final DateTimeFormatter YMD =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private Rules() {
    }

    static boolean present(JsonNode parent, String field) {
        return parent.hasNonNull(field);
    }

    /** A required string of 1..255 characters. */
    static String requiredString(JsonNode parent, String field, String path, Violations violations) {
        return absent(parent, field, path, true, violations) ? null : string(parent, field, path, 1, violations);
    }

    /** An optional string of {@code min}..255 characters. */
    static String string(JsonNode parent, String field, String path, int min, Violations violations) {
        if (!present(parent, field)) {
            return null;
        }
        JsonNode node = parent.get(field);
        if (!node.isTextual()) {
            violations.add(path, "The %s field must be a string.".formatted(attribute(path)));
            return null;
        }
        int length = node.textValue().codePointCount(0, node.textValue().length());
        if (length < min || length > MAX_STRING) {
            violations.add(path, min > 0
                    ? "The %s field must be between %d and %d characters.".formatted(attribute(path), min, MAX_STRING)
                    : "The %s field must not be greater than %d characters.".formatted(attribute(path), MAX_STRING));
            return null;
        }
        return node.textValue();
    }

    static String email(JsonNode parent, String field, String path, Violations violations) {
        String email = string(parent, field, path, 0, violations);
        if (email != null && !EMAIL.matcher(email).matches()) {
            violations.add(path, "The %s field must be a valid email address.".formatted(attribute(path)));
            return null;
        }
        return email;
    }

    /** A real calendar date in {@code Y-m-d}. */
    static String date(JsonNode parent, String field, String path, Violations violations) {
        if (!present(parent, field)) {
            return null;
        }
        JsonNode node = parent.get(field);
        try {
            if (node.isTextual()) {
                LocalDate.parse(node.textValue(), YMD);
                return node.textValue();
            }
        } catch (DateTimeParseException e) {
            // Reported below, like any other value that is not a Y-m-d date.
        }
        violations.add(path, "The %s field must match the format Y-m-d.".formatted(attribute(path)));
        return null;
    }

    /**
     * An amount: a JSON number or numeric string (Laravel's {@code numeric}) below 10^12 in magnitude with at most
     * two decimal places, the same bounds as the sidecar's own {@code @Digits(integer = 12, fraction = 2)}. The
     * bounds are read from precision and scale, so {@code 1e999999999} is refused without ever being expanded.
     */
    static BigDecimal amount(JsonNode parent, String field, String path, boolean required, Violations violations) {
        if (absent(parent, field, path, required, violations)) {
            return null;
        }
        BigDecimal value = numeric(parent.get(field));
        if (value == null) {
            violations.add(path, "The %s field must be a number.".formatted(attribute(path)));
        } else if (value.signum() != 0 && value.precision() - value.scale() > MAX_AMOUNT_DIGITS) {
            violations.add(path, "The %s field must be between -999999999999.99 and 999999999999.99."
                    .formatted(attribute(path)));
        } else if (value.signum() != 0 && value.stripTrailingZeros().scale() > MAX_AMOUNT_DECIMALS) {
            violations.add(path, "The %s field must have 0-%d decimal places."
                    .formatted(attribute(path), MAX_AMOUNT_DECIMALS));
        } else {
            return value.signum() == 0 ? BigDecimal.ZERO : value;
        }
        return null;
    }

    private static BigDecimal numeric(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        String text = node.isTextual() ? node.textValue().trim() : "";
        if (text.isEmpty() || text.length() > PartneroJson.MAX_NUMBER_LENGTH) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Laravel's {@code boolean}: true, false, 1, 0, "1", "0". */
    static Boolean bool(JsonNode parent, String field, String path, boolean required, Violations violations) {
        if (absent(parent, field, path, required, violations)) {
            return null;
        }
        JsonNode node = parent.get(field);
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String text = node.isIntegralNumber() || node.isTextual() ? node.asText() : "";
        if (text.equals("1") || text.equals("0")) {
            return text.equals("1");
        }
        violations.add(path, "The %s field must be true or false.".formatted(attribute(path)));
        return null;
    }

    /** An optional JSON object (Laravel calls it an array). */
    static ObjectNode object(JsonNode parent, String field, String path, Violations violations) {
        if (!present(parent, field)) {
            return null;
        }
        if (!(parent.get(field) instanceof ObjectNode object)) {
            violations.add(path, "The %s field must be an array.".formatted(attribute(path)));
            return null;
        }
        if (!boundedNumbers(object)) {
            violations.add(path, "The %s field must not hold numbers with more than %d digits."
                    .formatted(attribute(path), PartneroJson.MAX_NUMBER_LENGTH));
            return null;
        }
        return object;
    }

    /** Kept values are echoed as plain numbers, so an exponent like 1e999999999 must never be stored. */
    private static boolean boundedNumbers(JsonNode node) {
        if (node.isNumber()) {
            return Math.abs((long) node.decimalValue().scale()) <= PartneroJson.MAX_NUMBER_LENGTH;
        }
        for (JsonNode child : node) {
            if (!boundedNumbers(child)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The existing customer a {@code customer} object names by {@code id}, else {@code key}, else {@code email}
     * (Laravel's {@code exists}); none named is a violation on {@code customer.key}, an unknown one on the field used.
     */
    static Optional<SandboxCustomer> customer(State state, JsonNode customer, Violations violations) {
        String field = customer == null ? null : present(customer, "id") ? "id"
                : present(customer, "key") ? "key" : present(customer, "email") ? "email" : null;
        if (field == null) {
            required("customer.key", violations);
            return Optional.empty();
        }
        String value = customer.get(field).asText();
        Optional<SandboxCustomer> found = switch (field) {
            case "id" -> state.byId(value);
            case "key" -> state.byKey(value);
            default -> state.byEmail(value);
        };
        if (found.isEmpty()) {
            violations.add("customer." + field, invalidSelection("customer." + field));
        }
        return found;
    }

    /** True when the field is missing or null; a required one is then reported. */
    private static boolean absent(JsonNode parent, String field, String path, boolean required,
            Violations violations) {
        if (present(parent, field)) {
            return false;
        }
        if (required) {
            required(path, violations);
        }
        return true;
    }

    static void required(String path, Violations violations) {
        violations.add(path, "The %s field is required.".formatted(attribute(path)));
    }

    static void taken(String path, Violations violations) {
        violations.add(path, "The %s has already been taken.".formatted(attribute(path)));
    }

    static String invalidSelection(String path) {
        return "The selected %s is invalid.".formatted(attribute(path));
    }

    /** Laravel's attribute name: the dot path with underscores read as spaces. */
    static String attribute(String path) {
        return path.replace('_', ' ');
    }
}
