package dev.referral.sidecar.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A WireMock server on a dynamic port standing in for Partnero, with the sidecar in live mode against it. Tests get the
 * server through a field annotated {@link InjectWireMock}; stubs live in {@code src/test/resources/partnero/}.
 */
public class PartneroWireMock implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "test-key";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("partnero"));
        server.start();
        return Map.of(
                "sidecar.mode", "live",
                "sidecar.partnero.api-key", API_KEY,
                "sidecar.partnero.url", "http://localhost:" + server.port());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
