package dev.referral.sidecar.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.InjectWireMock;
import dev.referral.sidecar.support.ManagementPort;
import dev.referral.sidecar.support.OutboxRows;
import dev.referral.sidecar.support.PartneroWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * A seeded corpus of hostile requests over every endpoint: never a 5xx, every 4xx a problem document, nothing
 * rejected stored or sent to Partnero, and the process still ready afterwards. A failure names the seed and the
 * request, so it replays exactly.
 */
@QuarkusTest
@WithTestResource(PartneroWireMock.class)
class FuzzTest {

    private static final long SEED = 20261129L;
    private static final int REQUESTS = 600;
    /** Answers given before any service runs (404 and 409 come from look-ups, 422 from Partnero itself). */
    private static final java.util.Set<Integer> REJECTED_AT_THE_EDGE = java.util.Set.of(400, 401, 405, 406, 413, 415);

    @InjectWireMock
    WireMockServer partnero;

    @Inject
    OutboxRows rows;

    /** A status and a content type, read off the raw response. */
    record Answer(int status, String contentType) {
    }

    @Test
    void hostileRequestsNeverBreakTheSidecar() throws IOException {
        stubPartnero();
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        List<String> rejected = new ArrayList<>();
        for (FuzzCorpus.Request request : new FuzzCorpus(SEED).generate(REQUESTS)) {
            Answer answer = send(port, request);
            String what = "seed " + SEED + ", " + request.method() + " " + request.target() + " " + request.headers()
                    + " " + new String(request.body(), StandardCharsets.UTF_8) + " -> " + answer;
            assertTrue(answer.status() >= 200 && answer.status() < 500, what);
            if (answer.status() >= 400) {
                assertTrue(answer.contentType().startsWith("application/problem+json"), what);
            }
            if (REJECTED_AT_THE_EDGE.contains(answer.status())) {
                rejected.add(request.marker());
            }
        }
        assertTrue(rejected.size() > REQUESTS / 3, "the corpus should mostly be rejected: " + rejected.size());
        for (String marker : rejected) {
            assertEquals(0, rows.count("dedupe_key LIKE '" + marker + "%' OR lane LIKE 'c_" + marker + "%'"),
                    "a rejected request was stored: " + marker);
        }
        for (LoggedRequest sent : partnero.getAllServeEvents().stream().map(e -> e.getRequest()).toList()) {
            String seen = sent.getUrl() + " " + sent.getBodyAsString();
            rejected.forEach(marker -> assertTrue(!seen.contains(marker),
                    "a rejected request reached Partnero: " + marker + " in " + seen));
        }
        assertEquals(200, send(ManagementPort.get(), new FuzzCorpus.Request("GET", "/q/health/ready", List.of(),
                new byte[0], "")).status());
    }

    private void stubPartnero() {
        partnero.resetAll();
        partnero.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(json(200, Fixtures.deleted())));
        partnero.stubFor(WireMock.get(WireMock.urlMatching("/customers/[^/]+")).willReturn(
                json(200, Fixtures.customer("alice_1"))));
        partnero.stubFor(WireMock.get(WireMock.urlMatching("/customers/[^/]+/stats")).willReturn(
                json(200, Fixtures.stats())));
        partnero.stubFor(WireMock.get(WireMock.urlMatching("/customers/[^/]+/balance")).willReturn(
                json(200, Fixtures.balance())));
        partnero.stubFor(WireMock.get(WireMock.urlMatching("/customers/[^/]+/referrals.*")).willReturn(
                json(200, Fixtures.referrals())));
        partnero.stubFor(WireMock.post("/customers").willReturn(json(201, Fixtures.customer("fuzz_1"))));
        partnero.stubFor(WireMock.post("/transactions").willReturn(json(201, Fixtures.transaction("fuzz_1"))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return WireMock.aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** Raw HTTP/1.1, so nothing (no client library) tidies the request up. */
    static Answer send(int port, FuzzCorpus.Request request) throws IOException {
        StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.target())
                .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        request.headers().forEach(h -> head.append(h).append("\r\n"));
        head.append("Content-Length: ").append(request.body().length).append("\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(request.body());
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    private static Answer parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String response = all.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(response.substring(9, 12));
        String contentType = "";
        for (String line : response.substring(0, Math.max(0, response.indexOf("\r\n\r\n"))).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            }
        }
        return new Answer(status, contentType);
    }
}
