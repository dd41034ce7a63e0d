package dev.referral.sidecar.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A Partnero that refuses the API key on every call, from before the sidecar starts. */
public class RefusingPartnero implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Unauthenticated.\"}")));
        return Map.of("sidecar.mode", "live", "sidecar.partnero.api-key", "wrong-key",
                "sidecar.partnero.url", server.baseUrl(), "sidecar.store.url", "jdbc:sqlite:target/test-refused.db");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
