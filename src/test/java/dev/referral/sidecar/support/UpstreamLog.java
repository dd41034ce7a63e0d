package dev.referral.sidecar.support;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/** What a WireMock "Partnero" has seen: transactions it accepted (2xx), per key, in arrival order. */
public final class UpstreamLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UpstreamLog() {
    }

    /** Keys of {@code POST /transactions} answered 2xx, oldest first (a key twice means paid twice). */
    public static List<String> acceptedTransactionKeys(WireMockServer server) {
        return server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().getName().equals("POST")
                        && e.getRequest().getUrl().endsWith("/transactions")
                        && e.getResponse().getStatus() / 100 == 2)
                .sorted(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(UpstreamLog::key).toList();
    }

    public static Map<String, Long> countByKey(List<String> keys) {
        return keys.stream().collect(Collectors.groupingBy(k -> k, Collectors.counting()));
    }

    public static long requests(WireMockServer server, String method, String urlPrefix) {
        return server.getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName().equals(method)
                && e.getRequest().getUrl().startsWith(urlPrefix)).count();
    }

    private static String key(ServeEvent event) {
        try {
            JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
            return body.path("key").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
