package dev.referral.sidecar.partnero;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import dev.referral.sidecar.support.InjectWireMock;
import dev.referral.sidecar.support.PartneroWarmup;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** Client tier: {@link PartneroClient} against WireMock, reset before each test, breakers closed after. */
abstract class ClientTestBase {

    static final Duration WAIT = Duration.ofSeconds(10);

    @InjectWireMock
    WireMockServer partnero;

    @Inject
    PartneroClient client;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void resetPartnero() {
        PartneroWarmup.once(client, partnero);
        partnero.resetAll();
    }

    @AfterEach
    void closeBreakers() {
        breakers.resetAll();
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** The failure the call ends with; fails the test if it succeeds. */
    static Throwable failureOf(Uni<?> call) {
        try {
            call.await().atMost(WAIT);
        } catch (RuntimeException e) {
            return e;
        }
        return fail("expected the call to fail");
    }

    /** Milliseconds between consecutive requests WireMock received, oldest first. */
    long[] gapsMillis() {
        List<ServeEvent> events = partnero.getAllServeEvents().stream()
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
        long[] gaps = new long[Math.max(0, events.size() - 1)];
        for (int i = 1; i < events.size(); i++) {
            gaps[i - 1] = events.get(i).getRequest().getLoggedDate().getTime()
                    - events.get(i - 1).getRequest().getLoggedDate().getTime();
        }
        return gaps;
    }
}
