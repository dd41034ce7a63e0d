package dev.referral.sidecar.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A WireMock receiver for the configured webhook ({@code SANDBOX_WEBHOOK_URL}, on a dynamic port) and a fresh
 * state file, for the alternate profile.
 */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {

    static final String PATH = "/partnero";
    static final String SECRET = "profile-webhook-secret";
    static final Path STATE_FILE = Path.of("target", "sandbox-profile-state.json");

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        try {
            Files.deleteIfExists(STATE_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = new WireMockServer(options().dynamicPort());
        server.start();
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(200)));
        return Map.of("sandbox.webhook-url", server.baseUrl() + PATH, "sandbox.webhook-secret", SECRET,
                "sandbox.state-file", STATE_FILE.toString());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectWebhookReceiver.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
