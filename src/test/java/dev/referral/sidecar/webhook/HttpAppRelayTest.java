package dev.referral.sidecar.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.referral.sidecar.config.WebhookConfig;
import dev.referral.sidecar.delivery.AppRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay's HTTP client (and its TLS context) is built at the first relay, not at start. */
class HttpAppRelayTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("a-test-secret-of-32-bytes-length".getBytes(StandardCharsets.UTF_8));

    private final WireMockServer app = new WireMockServer(wireMockConfig().dynamicPort());

    @BeforeEach
    void start() {
        app.start();
        app.stubFor(post(urlEqualTo("/events")).willReturn(aResponse().withStatus(204)));
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void theClientIsBuiltByTheFirstRelayNotByTheStart() throws Exception {
        HttpAppRelay relay = new HttpAppRelay(config(URI.create(app.baseUrl() + "/events")),
                Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC));
        assertFalse(relay.clientBuilt(), "the start built an HTTP client");

        relay.relay("evt_1", "{\"event\":\"customer.created\"}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));

        assertTrue(relay.clientBuilt());
        app.verify(1, postRequestedFor(urlEqualTo("/events")).withHeader("webhook-id", equalTo("evt_1"))
                .withHeader("webhook-signature", containing("v1,"))
                .withRequestBody(equalTo("{\"event\":\"customer.created\"}")));
    }

    /**
     * An application that answers its headers and then dribbles the body for 20 s: the relay ends within the limit
     * it is given (the attempt's deadline), not at a fixed 10 s, as it did before.
     */
    @Test
    void anAnswerThatNeverEndsIsCutAtTheLimit() {
        app.stubFor(post(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200)
                .withBody("x".repeat(2_000)).withChunkedDribbleDelay(20, 20_000)));
        HttpAppRelay relay = new HttpAppRelay(config(URI.create(app.baseUrl() + "/slow")), Clock.systemUTC());
        assertTimeoutPreemptively(Duration.ofSeconds(6), () -> assertThrows(IOException.class,
                () -> relay.relay("evt_2", "{}".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(500))));
    }

    /** A non-2xx answer is the application refusing the event (a strike), told apart from no answer at all. */
    @Test
    void aRefusalCarriesTheApplicationsStatus() {
        app.stubFor(post(urlEqualTo("/refusing")).willReturn(aResponse().withStatus(400)));
        HttpAppRelay relay = new HttpAppRelay(config(URI.create(app.baseUrl() + "/refusing")), Clock.systemUTC());
        AppRelay.Answered refused = assertThrows(AppRelay.Answered.class,
                () -> relay.relay("evt_3", "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)));
        assertEquals(400, refused.status());
    }

    @Test
    void withoutAnApplicationUrlNoClientIsEverBuilt() {
        HttpAppRelay relay = new HttpAppRelay(config(null), Clock.systemUTC());
        assertFalse(relay.configured());
        assertFalse(relay.clientBuilt());
    }

    private static WebhookConfig config(URI url) {
        return new WebhookConfig() {
            @Override
            public Optional<String> partneroSecret() {
                return Optional.empty();
            }

            @Override
            public Optional<URI> appUrl() {
                return Optional.ofNullable(url);
            }

            @Override
            public Optional<String> appSecret() {
                return url == null ? Optional.empty() : Optional.of(SECRET);
            }
        };
    }
}
