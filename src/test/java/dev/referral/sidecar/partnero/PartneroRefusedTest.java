package dev.referral.sidecar.partnero;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
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

    /**
     * Live mode against a port that refuses connections: bound by a socket of this JVM that never listens, so that
     * nothing else can take it while the test runs. A port merely closed again could be taken by the application's
     * own HTTP or management server (random test ports), which would then answer the client.
     */
    public static class ClosedPort implements QuarkusTestProfile {

        /** Held for the JVM's life: the port stays bound and refusing. */
        private static Socket refusing;

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sidecar.mode", "live", "sidecar.partnero.api-key", "test-key",
                    "sidecar.partnero.url", "http://127.0.0.1:" + closedPort(),
                    "sidecar.partnero.connect-timeout", Duration.ofSeconds(2).toString());
        }

        private static synchronized int closedPort() {
            try {
                if (refusing == null) {
                    refusing = new Socket();
                    refusing.bind(new InetSocketAddress("127.0.0.1", 0));
                }
                return refusing.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
