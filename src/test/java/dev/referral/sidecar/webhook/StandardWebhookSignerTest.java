package dev.referral.sidecar.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class StandardWebhookSignerTest {

    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void signsTheStandardWebhooksSpecificationExample() {
        // Test vector of the Standard Webhooks 1.0 specification (and of its reference libraries).
        byte[] payload = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                StandardWebhookSigner.of(SPEC_SECRET).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, payload));
    }

    @Test
    void theIdAndTheTimestampAreSigned() {
        byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        StandardWebhookSigner signer = StandardWebhookSigner.of(SPEC_SECRET);
        String signature = signer.sign("msg_1", 1614265330L, payload);
        assertFalse(signature.equals(signer.sign("msg_2", 1614265330L, payload)));
        assertFalse(signature.equals(signer.sign("msg_1", 1614265331L, payload)));
    }

    @Test
    void aSecretNotInTheWhsecFormIsRefusedWithoutEchoingIt() {
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
                () -> StandardWebhookSigner.of("app-webhook-secret"));
        assertTrue(plain.getMessage().contains("whsec_<base64>"), plain.getMessage());
        assertFalse(plain.getMessage().contains("app-webhook-secret"), plain.getMessage());
        IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
                () -> StandardWebhookSigner.of("whsec_not*base64!"));
        assertTrue(notBase64.getMessage().contains("not valid base64"), notBase64.getMessage());
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> StandardWebhookSigner.of("whsec_c2hvcnQ="));
        assertTrue(tooShort.getMessage().contains("24 to 64 bytes"), tooShort.getMessage());
    }
}
