package dev.referral.sidecar.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Partnero's webhook signature: lowercase hex HMAC-SHA256 of the raw body bytes (PARTNERO.md section 5). */
final class Signatures {

    private static final String HMAC = "HmacSHA256";

    private Signatures() {
    }

    static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** Constant-time check of a {@code Signature} header (trimmed, any case, optional {@code sha256=} prefix). */
    static boolean verify(byte[] body, String header, String secret) {
        if (header == null) {
            return false;
        }
        String presented = header.trim().toLowerCase(Locale.ROOT);
        if (presented.startsWith("sha256=")) {
            presented = presented.substring("sha256=".length());
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII),
                sign(body, secret).getBytes(StandardCharsets.US_ASCII));
    }
}
