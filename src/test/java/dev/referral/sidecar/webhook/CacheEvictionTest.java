package dev.referral.sidecar.webhook;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.referral.sidecar.dashboard.DashboardCache;
import dev.referral.sidecar.referral.CustomerKey;

class CacheEvictionTest {

    private final DashboardCache dashboards = mock(DashboardCache.class);
    private final CacheEviction eviction = new CacheEviction(new ObjectMapper(), dashboards);

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
