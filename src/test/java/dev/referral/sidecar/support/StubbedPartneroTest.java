package dev.referral.sidecar.support;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.BeforeEach;

import dev.referral.sidecar.delivery.Dispatcher;
import dev.referral.sidecar.delivery.WriteGate;
import dev.referral.sidecar.partnero.PartneroClient;
import io.quarkus.test.InjectMock;
import jakarta.inject.Inject;

/**
 * Base of resource and delivery tests that stub the Partnero facade: an empty outbox, no delivery of an earlier test
 * still in flight, and writes open again (a 429 of an earlier test in the same application pauses every write for
 * its Retry-After) before each test.
 */
public abstract class StubbedPartneroTest {

    @InjectMock
    protected PartneroClient partnero;

    @Inject
    protected OutboxRows rows;

    @Inject
    WriteGate gate;

    @Inject
    Dispatcher dispatcher;

    @BeforeEach
    void emptyOutboxAndOpenGate() {
        rows.clear();
        // A dispatcher pass of the test before may still be sending rows it claimed before the clear: let it end,
        // and forget what it did to this test's mock.
        dispatcher.dispatch();
        org.mockito.Mockito.clearInvocations(partnero);
        await().atMost(30, SECONDS).until(gate::open);
    }
}
