package dev.referral.sidecar.support;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A sidecar with every secret set: inbound token, Partnero's webhook secret, the application's relay. */
public class SecuredProfile implements QuarkusTestProfile {

    public static final String TOKEN = "test-token-0123456789abcdef0123456789";
    public static final String ADMIN_TOKEN = "admin-token-0123456789abcdef0123456789";
    public static final String PARTNERO_SECRET = "partnero-webhook-secret";
    public static final String APP_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("sidecar.token", TOKEN, "sidecar.admin-token", ADMIN_TOKEN,
                "sidecar.webhook.partnero-secret", PARTNERO_SECRET,
                "sidecar.webhook.app-secret", APP_SECRET,
                "sidecar.store.url", "jdbc:sqlite:target/test-secured.db");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AppReceiver.class));
    }
}
