package dev.referral.sidecar.support;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.referral.sidecar.partnero.PartneroClient;

/**
 * The first exchange of a JVM loads and compiles the HTTP client stack (about a second on these machines), which
 * would eat the short attempt timeouts the tests rely on. One credential check per JVM pays that cost up front.
 */
public final class PartneroWarmup {

    private static final AtomicBoolean DONE = new AtomicBoolean();

    private PartneroWarmup() {
    }

    public static void once(PartneroClient client, WireMockServer partnero) {
        if (DONE.compareAndSet(false, true)) {
            partnero.stubFor(get("/test").willReturn(okJson("{\"data\":{},\"status\":1}")));
            client.test().await().atMost(Duration.ofSeconds(30));
            partnero.resetAll();
        }
    }
}
