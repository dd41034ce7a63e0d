package dev.referral.sidecar.sandbox;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.ws.rs.core.MultivaluedMap;

/**
 * {@code limit} (1–250, default 15) and {@code page} of a list call, read from the query or else a JSON body. A bad
 * {@code limit} is a 422; a bad {@code page} reads as 1, as Laravel's paginator does.
 */
record PageRequest(int limit, int page) {

    static final int DEFAULT_LIMIT = 15;
    static final int MAX_LIMIT = 250;

    static PageRequest read(MultivaluedMap<String, String> query, ObjectNode body) {
        String limit = parameter(query, body, "limit");
        String page = parameter(query, body, "page");
        return new PageRequest(limit == null ? DEFAULT_LIMIT : limit(limit), page(page));
    }

    /** A query parameter, else the body field of that name; null when neither is given. */
    static String parameter(MultivaluedMap<String, String> query, ObjectNode body, String name) {
        String value = query.getFirst(name);
        if (value != null) {
            return value;
        }
        JsonNode field = body.get(name);
        return field == null || field.isNull() || field.isContainerNode() ? null : field.asText();
    }

    private static int limit(String text) {
        int limit;
        try {
            limit = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw Violations.single("limit", "The limit field must be an integer.");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Violations.single("limit", "The limit field must be between 1 and 250.");
        }
        return limit;
    }

    private static int page(String text) {
        try {
            int page = text == null ? 1 : Integer.parseInt(text.trim());
            return Math.max(page, 1);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * Laravel's simple paginate: {@code data}, {@code links{first, last: null, prev, next}} and
     * {@code meta{current_page, from, path, per_page, to}}, no total; {@code next} carries only {@code page}.
     */
    ObjectNode page(List<? extends JsonNode> all, String path) {
        int offset = (int) Math.min((long) (page - 1) * limit, all.size());
        List<? extends JsonNode> items = all.subList(offset, Math.min(offset + limit, all.size()));
        boolean more = offset + limit < all.size();
        ObjectNode node = PartneroJson.object();
        node.putArray("data").addAll(items);
        ObjectNode links = node.putObject("links");
        links.put("first", path + "?page=1");
        links.putNull("last");
        links.put("prev", page > 1 ? path + "?page=" + (page - 1) : null);
        links.put("next", more ? path + "?page=" + (page + 1) : null);
        ObjectNode meta = node.putObject("meta");
        meta.put("current_page", page);
        meta.put("from", items.isEmpty() ? null : offset + 1);
        meta.put("path", path);
        meta.put("per_page", limit);
        meta.put("to", items.isEmpty() ? null : offset + items.size());
        return node;
    }
}
