package dev.referral.sidecar.referral;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finds the referrer of a sign-up: the body's {@code referral_key} if present, otherwise the forwarded
 * {@code Cookie} header's first {@code partnero_referral}. Either is normalised as PARTNERO.md section 6 says
 * (trim, one pair of quotes, percent-decode once, trim, the key rule); anything else is ignored as malformed and
 * the sign-up goes on without a referrer.
 */
@ApplicationScoped
public class ReferralKeyExtractor {

    public static final String COOKIE = "partnero_referral";
    public static final String MALFORMED = "malformed";

    /** The referrer found, or why one was ignored; both empty when there was none. */
    public record Referral(Optional<CustomerKey> key, Optional<String> ignored) {

        static final Referral NONE = new Referral(Optional.empty(), Optional.empty());
        static final Referral MALFORMED_KEY = new Referral(Optional.empty(), Optional.of(MALFORMED));
    }

    public Referral extract(String bodyKey, String cookieHeader) {
        if (bodyKey != null) {
            return normalise(bodyKey);
        }
        return cookieValue(cookieHeader).map(this::normalise).orElse(Referral.NONE);
    }

    /** The first {@code partnero_referral} value of a Cookie header (RFC 6265: {@code name=value; name=value}). */
    static Optional<String> cookieValue(String header) {
        if (header == null) {
            return Optional.empty();
        }
        for (String pair : header.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(COOKIE)) {
                return Optional.of(pair.substring(eq + 1));
            }
        }
        return Optional.empty();
    }

    Referral normalise(String raw) {
        String value = raw.trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        Optional<String> decoded = percentDecode(value);
        if (decoded.isEmpty()) {
            return Referral.MALFORMED_KEY;
        }
        String key = decoded.get().trim();
        return KeyRule.valid(key) ? new Referral(Optional.of(new CustomerKey(key)), Optional.empty())
                : Referral.MALFORMED_KEY;
    }

    /** RFC 3986 percent-decoding, exactly once; {@code +} stays {@code +}; a bad escape or bad UTF-8 is empty. */
    static Optional<String> percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return Optional.of(value);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= value.length()) {
                return Optional.empty();
            }
            int hi = Character.digit(value.charAt(i + 1), 16);
            int lo = Character.digit(value.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return Optional.empty();
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
