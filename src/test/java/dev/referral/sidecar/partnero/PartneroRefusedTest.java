package dev.referral.sidecar.partnero;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.referral.sidecar.referral.CustomerKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;

/** Nothing listens at the configured URL: the connection is refused, so nothing was sent. */
@QuarkusTest
@TestProfile(PartneroRefusedTest.ClosedPort.class)
class PartneroRefusedTest {

    @Inject
    PartneroClient client;

    @Inject
    CircuitBreakerMaintenance breakers;

    @AfterEach
    void closeBreakers() {
        breakers.resetAll();
    }

    @Test
    void aRefusedWriteWasSurelyNotSent() {
        PartneroUnavailable failure = assertInstanceOf(PartneroUnavailable.class,
                ClientTestBase.failureOf(client.createTransaction(new NewTransaction(new CustomerRef("bob_456"),
                        "invoice_123", BigDecimal.TEN, "sale"))));

        assertFalse(failure.maybeSent());
        assertEquals(0, failure.status());
        assertEquals(PartneroFailure.Kind.NOT_SENT, PartneroFailure.of(failure).kind());
    }

    @Test
    void aRefusedReadIsRetriedAndStillNotSent() {
        PartneroUnavailable failure = assertInstanceOf(PartneroUnavailable.class,
                ClientTestBase.failureOf(client.customer(new CustomerKey("alice_123"))));

        assertFalse(failure.maybeSent());
    }

    /** Live mode against a port that was free a moment ago and is closed now. */
    public static class ClosedPort implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sidecar.mode", "live", "sidecar.partnero.api-key", "test-key",
                    "sidecar.partnero.url", "http://127.0.0.1:" + closedPort(),
                    "sidecar.partnero.connect-timeout", Duration.ofSeconds(2).toString());
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
