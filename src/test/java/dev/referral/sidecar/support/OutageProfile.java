package dev.referral.sidecar.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A WireMock Partnero and short clocks for outage tests: backoff 20 ms doubling to 100 ms (so 40 backoff periods
 * take 4 s), write breakers that stay open 5 s, a dispatcher pass every 100 ms, and a clock tests can move.
 */
public class OutageProfile implements QuarkusTestProfile {

    public static final java.time.Duration BACKOFF_MAX = java.time.Duration.ofMillis(100);
    public static final java.time.Duration BREAKER_DELAY = java.time.Duration.ofMillis(5000);

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(Map.of(
                "sidecar.store.url", "jdbc:sqlite:target/test-outage.db",
                "sidecar.delivery.backoff-initial", "20ms",
                "sidecar.delivery.backoff-max", BACKOFF_MAX.toMillis() + "ms",
                "sidecar.delivery.check-pause", "50ms",
                "sidecar.delivery.poll-interval", "100ms"));
        config.put("sidecar.partnero.writes.breaker.delay", BREAKER_DELAY.toMillis() + "ms");
        config.put("sidecar.partnero.reads.breaker.delay", BREAKER_DELAY.toMillis() + "ms");
        // Generous call timeouts: on a loaded machine a POST cut at the test profile's timeout may have arrived, and
        // this stub's look-up cannot know it (it answers 404 for every key), so it would be sent twice.
        config.put("sidecar.partnero.writes.timeout", "5s");
        config.put("sidecar.partnero.reads.timeout", "5s");
        return config;
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(MovableClock.class);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PartneroWireMock.class));
    }
}
