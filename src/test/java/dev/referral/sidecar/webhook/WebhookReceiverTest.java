package dev.referral.sidecar.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import dev.referral.sidecar.config.WebhookConfig;
import dev.referral.sidecar.delivery.Accepted;
import dev.referral.sidecar.delivery.Delivery;
import dev.referral.sidecar.delivery.NewEntry;
import dev.referral.sidecar.outbox.Operation;

/**
 * A verified event evicts the dashboards it touches before it is relayed, so an application that reloads a dashboard
 * on the relayed event gets a fresh one; and a repeat evicts again, since its first delivery may have been cut (a
 * crash after the commit) before it evicted anything.
 */
class WebhookReceiverTest {

    private static final String SECRET = "partnero-webhook-secret";
    private static final byte[] EVENT = ("{\"event\":\"transaction.created\",\"data\":{\"key\":\"inv_1\","
            + "\"customer\":\"alice_123\"}}").getBytes(StandardCharsets.UTF_8);

    private final Delivery delivery = mock(Delivery.class);
    private final CacheEviction eviction = mock(CacheEviction.class);
    private final WebhookReceiver receiver = new WebhookReceiver(config(), delivery, eviction);
    private final NewEntry relay = new NewEntry(Operation.RELAY, "event-hash", null, "{}", "relay");

    @Test
    void anEventEvictsBeforeItIsRelayed() {
        answer(Accepted.Status.DELIVERED, Optional.empty());
        assertEquals("accepted", receiver.receive(EVENT, Signatures.sign(EVENT, SECRET)).status());
        InOrder order = inOrder(eviction, delivery);
        order.verify(eviction).evictFor(EVENT);
        order.verify(delivery).submit(any());
    }

    @Test
    void aRepeatedEventEvictsAgain() {
        answer(Accepted.Status.DUPLICATE, Optional.of(Accepted.Earlier.DELIVERED));
        assertEquals("duplicate", receiver.receive(EVENT, Signatures.sign(EVENT, SECRET)).status());
        verify(eviction).evictFor(EVENT);
    }

    private void answer(Accepted.Status status, Optional<Accepted.Earlier> earlier) {
        when(delivery.relay(EVENT)).thenReturn(relay);
        when(delivery.submit(List.of(relay))).thenReturn(List.of(new Accepted(relay, status, earlier, null,
                Optional.empty())));
    }

    private static WebhookConfig config() {
        return new WebhookConfig() {
            @Override
            public Optional<String> partneroSecret() {
                return Optional.of(SECRET);
            }

            @Override
            public Optional<URI> appUrl() {
                return Optional.empty();
            }

            @Override
            public Optional<String> appSecret() {
                return Optional.empty();
            }
        };
    }
}
