package dev.referral.sidecar.partnero;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns every non-2xx answer into its {@link PartneroException} (PARTNERO.md section 3), by status first: the body is
 * read only for a final 4xx and only when it is JSON, so an HTML page from a proxy never changes the class. 3xx is
 * included because redirects are never followed: a redirect means the request did not reach the API.
 */
final class PartneroErrors implements ResponseExceptionMapper<PartneroException> {

    /** Ahead of any other mapper, the default one included. */
    static final int PRIORITY = 1;

    private final ObjectMapper json;
    private final Clock clock;

    PartneroErrors(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 300;
    }

    @Override
    public PartneroException toThrowable(Response response) {
        int status = response.getStatus();
        if (status == 401 || status == 403) {
            return new PartneroUnauthorized(status);
        }
        if (status == 429) {
            return new PartneroThrottled(RetryAfter.parse(response.getHeaderString(HttpHeaders.RETRY_AFTER),
                    clock.instant()).orElse(null));
        }
        if (status < 400 || status == 408 || status >= 500) {
            return new PartneroUnavailable(status, true, "Partnero answered " + status, null);
        }
        Optional<JsonNode> body = jsonBody(response);
        String message = body.map(b -> b.path("message")).filter(JsonNode::isTextual).map(JsonNode::asText)
                .orElse(status + " " + response.getStatusInfo().getReasonPhrase());
        return new PartneroRejected(status, message, body.map(PartneroErrors::fieldErrors).orElse(Map.of()));
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    private Optional<JsonNode> jsonBody(Response response) {
        MediaType type = response.getMediaType();
        if (type == null || !(type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"))) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(json.readTree(response.readEntity(String.class))).filter(JsonNode::isObject);
        } catch (IOException | RuntimeException e) {
            // Declared JSON that is not: fall back to the status line, the class stays what the status says.
            return Optional.empty();
        }
    }

    /** Laravel's {@code errors}: field path → messages; a lone string is accepted as one message. */
    private static Map<String, List<String>> fieldErrors(JsonNode body) {
        JsonNode errors = body.path("errors");
        if (!errors.isObject()) {
            return Map.of();
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        errors.fields().forEachRemaining(field -> {
            List<String> messages = new ArrayList<>();
            if (field.getValue().isArray()) {
                field.getValue().forEach(m -> messages.add(m.asText()));
            } else if (field.getValue().isValueNode()) {
                messages.add(field.getValue().asText());
            }
            result.put(field.getKey(), List.copyOf(messages));
        });
        return result;
    }
}
