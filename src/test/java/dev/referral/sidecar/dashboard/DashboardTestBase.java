package dev.referral.sidecar.dashboard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import dev.referral.sidecar.delivery.Delivery;
import dev.referral.sidecar.partnero.PartneroClient;
import dev.referral.sidecar.support.Fixtures;
import dev.referral.sidecar.support.InjectWireMock;
import dev.referral.sidecar.support.PartneroWarmup;
import io.quarkus.test.InjectMock;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;

/**
 * Resource tier: {@code GET /referrals/{key}} over REST Assured, Partnero in WireMock, the delivery facade (sign-up
 * records) mocked. The cache lives as long as the application, so every test uses customer keys of its own.
 */
abstract class DashboardTestBase {

    private static final AtomicBoolean WARM = new AtomicBoolean();

    @InjectWireMock
    WireMockServer partnero;

    @InjectMock
    Delivery delivery;

    @Inject
    PartneroClient client;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void resetPartnero() {
        PartneroWarmup.once(client, partnero);
        if (WARM.compareAndSet(false, true)) {
            // The first dashboard answer of a JVM loads the server and serialization paths; not a test's to pay.
            for (String key : new String[] { "warmup_0", "warmup_1" }) {
                stubCustomer(key, ok(Fixtures.customer(key)));
                given().get("/referrals/" + key);
            }
        }
        partnero.resetAll();
    }

    @AfterEach
    void closeBreakers() {
        breakers.resetAll();
    }

    /** All four reads of {@code key} answered as given. */
    void stubCustomer(String key, ResponseDefinitionBuilder customer) {
        stub(key, "", customer);
        stub(key, "/stats", ok(Fixtures.stats()));
        stub(key, "/balance", ok(Fixtures.balance()));
        stub(key, "/referrals", ok(Fixtures.referrals()));
    }

    void stub(String key, String part, ResponseDefinitionBuilder answer) {
        partnero.stubFor(get(urlPathEqualTo("/customers/" + key + part)).willReturn(answer));
    }

    static ResponseDefinitionBuilder ok(String body) {
        return okJson(body);
    }

    static ResponseDefinitionBuilder status(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    int upstreamRequests() {
        return partnero.getAllServeEvents().size();
    }
}
