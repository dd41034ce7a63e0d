package dev.referral.sidecar.sandbox;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Every sandbox switch at its non-default value in one profile, so the other behaviours cost one extra start:
 * generated ids, a fixed API key, 200 on create, 400 for an unknown referrer, rejected non-referred purchases,
 * strict transaction keys, a site URL with a query, a reward rate of 20 %, a configured webhook and a state file.
 */
public class AlternateSandboxProfile implements QuarkusTestProfile {

    static final String API_KEY = "emulator-key";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "sandbox.ids", "generated",
                "sandbox.api-key", API_KEY,
                "sandbox.customer-create-status", "200",
                "sandbox.unknown-referrer", "400",
                "sandbox.non-referred-purchase", "reject",
                "sandbox.strict-transaction-keys", "true",
                "sandbox.site-url", "https://shop.example.com/join?utm_source=app",
                "sandbox.reward-rate", "0.2",
                "sandbox.seed", "42");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WebhookReceiver.class));
    }
}
