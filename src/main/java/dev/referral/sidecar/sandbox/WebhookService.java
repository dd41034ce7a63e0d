package dev.referral.sidecar.sandbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Webhook CRUD (PARTNERO.md section 5): the reply's {@code signature} is the signing secret, drawn from the seeded
 * generator; events outside {@link WebhookEvent#ALLOWED} are a 422 on {@code events.<i>}.
 */
@ApplicationScoped
class WebhookService {

    private static final String NOT_FOUND = "Not found.";

    private final SandboxStore store;
    private final Capacity capacity;
    private final Clock clock;

    WebhookService(SandboxStore store, Capacity capacity, Clock clock) {
        this.store = store;
        this.capacity = capacity;
        this.clock = clock;
    }

    Reply list(PageRequest page, String path) {
        return Reply.list(store.read(state -> page.page(
                state.webhooks().stream().map(WebhookService::render).toList(), path)));
    }

    Reply get(String key) {
        return Reply.ok(store.read(state -> render(find(state, key))));
    }

    Reply create(String body) {
        ObjectNode fields = PartneroJson.parseInput(body);
        Violations violations = new Violations();
        String name = Rules.requiredString(fields, "name", "name", violations);
        String url = url(fields, violations);
        List<String> events = events(fields, violations);
        Boolean active = Rules.bool(fields, "is_active", "is_active", false, violations);
        return Reply.ok(store.write(state -> {
            capacity.webhooks(state, violations);
            violations.throwIfAny();
            Instant now = clock.instant();
            SandboxWebhook webhook = new SandboxWebhook(state.nextId("wh"), name, url, events,
                    active == null || active, state.randomToken(40), now, now);
            state.put(webhook);
            return render(webhook);
        }));
    }

    /** Changes whichever of name, url, events and is_active are given, nested under {@code update} or flat. */
    Reply update(String key, String body) {
        ObjectNode root = PartneroJson.parseInput(body);
        ObjectNode fields = root.get("update") instanceof ObjectNode nested ? nested : root;
        Violations violations = new Violations();
        String name = Rules.string(fields, "name", "name", 1, violations);
        String url = fields.has("url") ? url(fields, violations) : null;
        List<String> events = fields.has("events") ? events(fields, violations) : null;
        Boolean active = Rules.bool(fields, "is_active", "is_active", false, violations);
        return Reply.ok(store.write(state -> {
            SandboxWebhook current = find(state, key);
            violations.throwIfAny();
            SandboxWebhook updated = new SandboxWebhook(current.key(), name == null ? current.name() : name,
                    url == null ? current.url() : url, events == null ? current.events() : events,
                    active == null ? current.isActive() : active, current.signature(), current.createdAt(),
                    clock.instant());
            state.put(updated);
            return render(updated);
        }));
    }

    Reply delete(String key) {
        store.write(state -> {
            SandboxWebhook webhook = find(state, key);
            state.remove(webhook);
            return webhook;
        });
        return Reply.done();
    }

    private static SandboxWebhook find(State state, String key) {
        return state.webhook(key).orElseThrow(() -> ApiError.notFound(NOT_FOUND));
    }

    private static String url(ObjectNode fields, Violations violations) {
        String url = Rules.requiredString(fields, "url", "url", violations);
        if (url == null) {
            return null;
        }
        try {
            if (isHttp(new URI(url))) {
                return url;
            }
        } catch (URISyntaxException e) {
            // Reported below, like any other URL Partnero would refuse.
        }
        violations.add("url", "The url field must be a valid URL.");
        return null;
    }

    /** Webhook targets are http(s) URLs with a host: nothing else is ever called. */
    static boolean isHttp(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    }

    private static List<String> events(ObjectNode fields, Violations violations) {
        JsonNode events = fields.get("events");
        if (!(events instanceof ArrayNode array) || array.isEmpty()) {
            Rules.required("events", violations);
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String name = array.get(i).asText();
            if (!array.get(i).isTextual() || !WebhookEvent.ALLOWED.contains(name)) {
                violations.add("events." + i, Rules.invalidSelection("events." + i));
            } else if (!names.contains(name)) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    static ObjectNode render(SandboxWebhook webhook) {
        ObjectNode node = PartneroJson.object();
        node.put("key", webhook.key());
        node.put("name", webhook.name());
        node.put("url", webhook.url());
        webhook.events().forEach(node.putArray("events")::add);
        node.put("is_active", webhook.isActive());
        node.put("signature", webhook.signature());
        node.put("created_at", PartneroJson.time(webhook.createdAt()));
        node.put("updated_at", PartneroJson.time(webhook.updatedAt()));
        return node;
    }
}
