package dev.referral.sidecar.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Partnero's wire format, kept apart from the application's Jackson set-up (snake_case naming, problem details):
 * the emulator builds and parses trees itself so that no global setting can change what it says.
 */
final class PartneroJson {

    static final int MAX_NUMBER_LENGTH = 100;
    private static final int MAX_NESTING = 64;
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    // Numbers stay BigDecimal exactly as written, never expanded: "1e999999999" is one digit and an exponent until
    // Rules.amount refuses it. The length cap keeps a 64 KiB run of digits from costing quadratic parsing.
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNumberLength(MAX_NUMBER_LENGTH).maxNestingDepth(MAX_NESTING).build())
                    .build())
            .nodeFactory(NODES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private PartneroJson() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /**
     * Parses the body of a Partnero call as Laravel reads JSON input: an object gives its fields; an empty body,
     * {@code []} (an empty PHP array, which the official PHP SDK sends on every bodiless call), {@code {}} or any
     * other JSON value gives no fields. Only text that is not JSON at all is a 400.
     */
    static ObjectNode parseInput(String body) {
        if (body == null || body.isBlank()) {
            return object();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node instanceof ObjectNode fields ? fields : object();
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("The request body must be JSON.");
        }
    }

    /** Parses a body that must be an object (the emulator's own control calls); anything else is malformed. */
    static ObjectNode parseObject(String body) {
        if (body == null || body.isBlank()) {
            return object();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // Falls through to the same answer Partnero gives any unreadable body.
        }
        throw ApiError.badRequest("The request body must be a JSON object.");
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** Partnero's timestamps: UTC with microseconds, {@code 2025-05-09T17:42:13.000000Z}. */
    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }

    /** An amount as a plain JSON number without trailing zeros: {@code 10}, {@code 12.5}. */
    static BigDecimal amount(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0, RoundingMode.UNNECESSARY) : stripped;
    }

    /** The success envelope {@code {"data": ..., "status": 1}}. */
    static ObjectNode envelope(JsonNode data) {
        ObjectNode envelope = object();
        envelope.set("data", data);
        envelope.put("status", 1);
        return envelope;
    }

    /** The body of deletes and archives. */
    static ObjectNode done() {
        return object().put("status", 1);
    }

    static ObjectNode message(String message) {
        return object().put("message", message);
    }
}
