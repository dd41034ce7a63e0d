package dev.referral.sidecar.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.referral.sidecar.Problem;

/**
 * Reads a {@code POST /sandbox/faults} body: one rule, or {@code {"seed", "rules", "webhooks"}}. Strict on purpose:
 * an unknown field or a value out of range is a 400 naming it, since a mistyped fault silently doing nothing would
 * make a test pass for the wrong reason.
 */
final class FaultParser {

    private static final long MAX_DELAY_MS = 600_000;
    private static final Set<String> SET_FIELDS = Set.of("seed", "rules", "webhooks");
    private static final Set<String> RULE_FIELDS = Set.of("match", "count", "latency_ms", "hang", "rate_limit",
            "error_status", "error_rate", "error_body", "after_commit");

    private final List<Problem.FieldError> errors = new ArrayList<>();

    private FaultParser() {
    }

    static FaultSet parse(String body, long defaultSeed) {
        FaultParser parser = new FaultParser();
        ObjectNode root;
        try {
            root = PartneroJson.parseObject(body);
        } catch (ApiError e) {
            throw new InvalidFaults(List.of(new Problem.FieldError("body", "is not a JSON object")));
        }
        FaultSet set = parser.set(root, defaultSeed);
        if (!parser.errors.isEmpty()) {
            throw new InvalidFaults(parser.errors);
        }
        return set;
    }

    private FaultSet set(ObjectNode root, long defaultSeed) {
        boolean setForm = SET_FIELDS.stream().anyMatch(root::has);
        if (!setForm) {
            List<FaultRule> rules = root.isEmpty() ? List.of() : List.of(rule(root, ""));
            return new FaultSet(defaultSeed, rules, WebhookFaults.NONE);
        }
        unknownFields(root, SET_FIELDS, "");
        long seed = root.has("seed") ? integer(root, "seed", "", Long.MIN_VALUE, Long.MAX_VALUE) : defaultSeed;
        List<FaultRule> rules = new ArrayList<>();
        JsonNode list = root.path("rules");
        if (root.has("rules") && !(list instanceof ArrayNode)) {
            error("rules", "must be an array of rules");
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof ObjectNode rule) {
                rules.add(rule(rule, "rules[" + i + "]."));
            } else {
                error("rules[" + i + "]", "must be an object");
            }
        }
        ObjectNode hooks = object(root, "webhooks", "");
        WebhookFaults webhooks = hooks == null ? WebhookFaults.NONE : webhooks(hooks);
        return new FaultSet(seed, List.copyOf(rules), webhooks);
    }

    private WebhookFaults webhooks(ObjectNode hooks) {
        unknownFields(hooks, Set.of("duplicate", "bad_signature"), "webhooks.");
        return new WebhookFaults(bool(hooks, "duplicate", "webhooks."), bool(hooks, "bad_signature", "webhooks."));
    }

    private FaultRule rule(ObjectNode rule, String at) {
        unknownFields(rule, RULE_FIELDS, at);
        ObjectNode match = object(rule, "match", at);
        String method = match == null ? null : text(match, "method", at + "match.");
        String prefix = match == null ? null : text(match, "path_prefix", at + "match.");
        if (match != null) {
            unknownFields(match, Set.of("method", "path_prefix"), at + "match.");
        }
        Long count = rule.has("count") ? integer(rule, "count", at, 0, Long.MAX_VALUE) : null;
        long latency = rule.has("latency_ms") ? integer(rule, "latency_ms", at, 0, MAX_DELAY_MS) : 0;
        Integer errorStatus = rule.has("error_status") ? (int) integer(rule, "error_status", at, 400, 599) : null;
        double rate = rule.has("error_rate") ? rate(rule, at) : 1.0;
        if (rule.has("error_rate") && errorStatus == null) {
            error(at + "error_rate", "needs error_status");
        }
        String body = rule.has("error_body") ? text(rule, "error_body", at) : "json";
        FaultRule.ErrorBody errorBody = choice(FaultRule.ErrorBody.class, body, at + "error_body");
        ObjectNode limit = object(rule, "rate_limit", at);
        ObjectNode after = object(rule, "after_commit", at);
        return new FaultRule(method, prefix, count, latency, bool(rule, "hang", at),
                limit == null ? null : rateLimit(limit, at + "rate_limit."), errorStatus, rate, errorBody,
                after == null ? null : afterCommit(after, at + "after_commit."), rule.deepCopy());
    }

    private FaultRule.RateLimit rateLimit(ObjectNode limit, String at) {
        unknownFields(limit, Set.of("status", "retry_after_s", "retry_after_format"), at);
        int status = limit.has("status") ? (int) integer(limit, "status", at, 400, 599) : 429;
        Long retryAfter = limit.has("retry_after_s") ? integer(limit, "retry_after_s", at, 0, 86_400) : null;
        String format = limit.has("retry_after_format") ? text(limit, "retry_after_format", at) : "seconds";
        return new FaultRule.RateLimit(status, retryAfter,
                choice(FaultRule.RetryAfterFormat.class, format, at + "retry_after_format"));
    }

    private FaultRule.AfterCommit afterCommit(ObjectNode after, String at) {
        unknownFields(after, Set.of("delay_ms", "drop", "status"), at);
        long delay = after.has("delay_ms") ? integer(after, "delay_ms", at, 0, MAX_DELAY_MS) : 0;
        Integer status = after.has("status") ? (int) integer(after, "status", at, 100, 599) : null;
        return new FaultRule.AfterCommit(delay, bool(after, "drop", at), status);
    }

    private void unknownFields(ObjectNode node, Set<String> known, String at) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                error(at + name, "is not a known field");
            }
        }
    }

    private long integer(ObjectNode node, String field, String at, long min, long max) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToExactIntegral() || value.asLong() < min || value.asLong() > max) {
            error(at + field, "must be an integer from %d to %d".formatted(min, max));
            return min;
        }
        return value.asLong();
    }

    private double rate(ObjectNode node, String at) {
        JsonNode value = node.get("error_rate");
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
            error(at + "error_rate", "must be a number from 0 to 1");
            return 1.0;
        }
        return value.asDouble();
    }

    private boolean bool(ObjectNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value != null && !value.isBoolean()) {
            error(at + field, "must be true or false");
        }
        return value != null && value.asBoolean();
    }

    private String text(ObjectNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value != null && !value.isTextual()) {
            error(at + field, "must be a string");
        }
        return value == null || !value.isTextual() ? null : value.textValue();
    }

    private ObjectNode object(ObjectNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value != null && !(value instanceof ObjectNode)) {
            error(at + field, "must be an object");
        }
        return value instanceof ObjectNode object ? object : null;
    }

    private <E extends Enum<E>> E choice(Class<E> type, String value, String path) {
        try {
            return Enum.valueOf(type, String.valueOf(value).toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            error(path, "is not one of the allowed values");
            return type.getEnumConstants()[0];
        }
    }

    private void error(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }
}
