package dev.referral.sidecar.webhook;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.verifyNoInteractions;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.dashboard.DashboardCache;
import dev.referral.sidecar.delivery.Delivery;
import dev.referral.sidecar.referral.CustomerKey;

class CacheEvictionTest {

    private final DashboardCache dashboards = mock(DashboardCache.class);
    private final Delivery delivery = mock(Delivery.class);
    private final CacheEviction eviction = new CacheEviction(new ObjectMapper(), dashboards, delivery);

    @Test
    void aTransactionEventEvictsTheBuyerAndTheReferrer() {
        eviction.evictFor(bytes("{\"event\":\"transaction.created\",\"data\":{\"key\":\"inv_1\","
                + "\"customer\":\"alice_123\",\"referred_customer\":\"bob_456\"}}"));
        verify(dashboards).evict(new CustomerKey("alice_123"));
        verify(dashboards).evict(new CustomerKey("bob_456"));
    }

    @Test
    void aRewardEventEvictsTheNestedCustomer() {
        eviction.evictFor(bytes("{\"event\":\"customer.rewarded\",\"data\":{\"customer\":{\"id\":\"alice_123\"},"
                + "\"transaction\":{\"key\":\"inv_2\",\"customer\":\"alice_123\"}}}"));
        verify(dashboards, Mockito.atLeastOnce()).evict(new CustomerKey("alice_123"));
    }

    /**
     * Partnero names customers by its own id (H3), here not the key (as with {@code SANDBOX_IDS=generated}, or a
     * program whose ids are numbers): the customers this sidecar created are evicted by their keys.
     */
    @Test
    void partnerosIdsOfCustomersCreatedHereEvictTheirKeys() {
        when(delivery.customerKnownUpstreamAs("cus_000001")).thenReturn(Optional.of(new CustomerKey("bob_456")));
        when(delivery.customerKnownUpstreamAs("42")).thenReturn(Optional.of(new CustomerKey("alice_123")));
        eviction.evictFor(bytes("{\"event\":\"customer.rewarded\",\"data\":{\"customer\":{\"id\":42},"
                + "\"transaction\":{\"key\":\"inv_3\",\"customer\":\"cus_000001\"}}}"));
        verify(dashboards).evict(new CustomerKey("bob_456"));
        verify(dashboards).evict(new CustomerKey("alice_123"));
    }

    @Test
    void valuesThatAreNotKeysAndUnreadableBodiesEvictNothing() {
        eviction.evictFor(bytes("{\"event\":\"customer.updated\",\"data\":{\"id\":\"../etc\"}}"));
        eviction.evictFor(bytes("<html>not json</html>"));
        verifyNoInteractions(dashboards);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
