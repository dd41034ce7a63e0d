package dev.referral.sidecar.support;

import org.junit.jupiter.api.BeforeEach;

import dev.referral.sidecar.partnero.PartneroClient;
import io.quarkus.test.InjectMock;
import jakarta.inject.Inject;

/** Base of resource and delivery tests that stub the Partnero facade: an empty outbox before each test. */
public abstract class StubbedPartneroTest {

    @InjectMock
    protected PartneroClient partnero;

    @Inject
    protected OutboxRows rows;

    @BeforeEach
    void emptyOutbox() {
        rows.clear();
    }
}
