package dev.referral.sidecar.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SignaturesTest {

    private static final byte[] BODY = "{\"event\":\"customer.created\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsWithLowercaseHexHmacSha256OfTheRawBytes() {
        // Reference value: printf '%s' '{"event":"customer.created"}' | openssl dgst -sha256 -hmac secret
        assertEquals("50bd5389a9db0f06c6064a0eea84a700ed8dd3637d5ed4efd34e7b531a80dec4",
                Signatures.sign(BODY, "secret"));
    }

    @Test
    void verifiesTrimmedUppercaseAndPrefixedHeaders() {
        String signature = Signatures.sign(BODY, "secret");
        assertTrue(Signatures.verify(BODY, signature, "secret"));
        assertTrue(Signatures.verify(BODY, "  " + signature.toUpperCase() + " ", "secret"));
        assertTrue(Signatures.verify(BODY, "sha256=" + signature, "secret"));
    }

    @Test
    void refusesAnotherSecretAnotherBodyOrNoHeader() {
        String signature = Signatures.sign(BODY, "secret");
        assertFalse(Signatures.verify(BODY, signature, "other"));
        assertFalse(Signatures.verify("{}".getBytes(StandardCharsets.UTF_8), signature, "secret"));
        assertFalse(Signatures.verify(BODY, null, "secret"));
        assertFalse(Signatures.verify(BODY, "", "secret"));
    }
}
