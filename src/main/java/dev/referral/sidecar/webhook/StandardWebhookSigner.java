package dev.referral.sidecar.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks 1.0 signing of the relay to the application: {@code v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">} under the base64-decoded part of a {@code whsec_<base64>} secret.
 */
final class StandardWebhookSigner {

    private static final String PREFIX = "whsec_";
    private static final String HMAC = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 24;
    private static final int MAX_KEY_BYTES = 64;

    private final SecretKeySpec key;

    private StandardWebhookSigner(byte[] key) {
        this.key = new SecretKeySpec(key, HMAC);
    }

    /**
     * Parses {@code whsec_<base64>}; the message names what is wrong, never the secret itself.
     *
     * @throws IllegalArgumentException when the secret is not in that form or its key is not 24 to 64 bytes
     */
    static StandardWebhookSigner of(String secret) {
        String trimmed = secret.trim();
        if (!trimmed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("APP_WEBHOOK_SECRET must have the form whsec_<base64> "
                    + "(generate one with: echo \"whsec_$(head -c 32 /dev/urandom | base64)\")");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(trimmed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("APP_WEBHOOK_SECRET: the part after whsec_ is not valid base64", e);
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("APP_WEBHOOK_SECRET: the key after whsec_ must decode to "
                    + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes, not " + key.length);
        }
        return new StandardWebhookSigner(key);
    }

    /** The {@code webhook-signature} header value for one attempt. */
    String sign(String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
