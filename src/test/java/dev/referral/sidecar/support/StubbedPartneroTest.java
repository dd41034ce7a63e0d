package dev.referral.sidecar.support;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.BeforeEach;

import dev.referral.sidecar.delivery.WriteGate;
import dev.referral.sidecar.partnero.PartneroClient;
import io.quarkus.test.InjectMock;
import jakarta.inject.Inject;

/**
 * Base of resource and delivery tests that stub the Partnero facade: an empty outbox before each test, and writes
 * open again (a 429 of an earlier test in the same application pauses every write for its Retry-After).
 */
public abstract class StubbedPartneroTest {

    @InjectMock
    protected PartneroClient partnero;

    @Inject
    protected OutboxRows rows;

    @Inject
    WriteGate gate;

    @BeforeEach
    void emptyOutboxAndOpenGate() {
        rows.clear();
        await().atMost(30, SECONDS).until(gate::open);
    }
}
