package dev.referral.sidecar.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Laravel-style field rules. Each reads one field of a parsed body, records a violation under its dot path with
 * Laravel's wording (underscores read as spaces) and returns the value, or null when absent or invalid.
 */
final class Rules {

    static final int MAX_STRING = 255;
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

    /** A JSON number or numeric string, as Laravel's {@code numeric}. */
    static BigDecimal number(JsonNode parent, String field, String path, boolean required, Violations violations) {
        if (absent(parent, field, path, required, violations)) {
            return null;
        }
        JsonNode node = parent.get(field);
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.textValue().trim());
            } catch (NumberFormatException e) {
                // Reported below.
            }
        }
        violations.add(path, "The %s field must be a number.".formatted(attribute(path)));
        return null;
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
        if (parent.get(field) instanceof ObjectNode object) {
            return object;
        }
        violations.add(path, "The %s field must be an array.".formatted(attribute(path)));
        return null;
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
