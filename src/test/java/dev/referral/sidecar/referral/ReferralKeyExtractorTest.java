package dev.referral.sidecar.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.referral.sidecar.referral.ReferralKeyExtractor.Referral;

class ReferralKeyExtractorTest {

    private final ReferralKeyExtractor extractor = new ReferralKeyExtractor();

    @Test
    void noBodyKeyAndNoCookieMeansNoReferrerAndNothingIgnored() {
        Referral referral = extractor.extract(null, null);
        assertEquals(Optional.empty(), referral.key());
        assertEquals(Optional.empty(), referral.ignored());
    }

    @Test
    void cookieHeaderWithoutTheReferralCookieMeansNoReferrer() {
        Referral referral = extractor.extract(null, "session=abc; theme=dark");
        assertEquals(Optional.empty(), referral.key());
        assertEquals(Optional.empty(), referral.ignored());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "partnero_referral=alice_123|alice_123",
            "session=abc; partnero_referral=alice_123; theme=dark|alice_123",
            "session=abc;partnero_referral=alice_123|alice_123",
            "  partnero_referral =  alice_123  ; x=y|alice_123",
            "partnero_referral=\"alice_123\"|alice_123",
            "partnero_referral=alice%40example.com|alice@example.com",
            "partnero_referral=alice_1; partnero_referral=mallory|alice_1",
            "xpartnero_referral=evil; partnero_referral=alice|alice",
            "partnero_referral=%20alice%20|alice",
            "partnero_referral=a:b.c-d@e|a:b.c-d@e" })
    void findsTheFirstReferralCookieAndNormalisesIt(String header, String expected) {
        assertEquals(Optional.of(new CustomerKey(expected)), extractor.extract(null, header).key());
        assertEquals(Optional.empty(), extractor.extract(null, header).ignored());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "partnero_referral=",
            "partnero_referral=\"\"",
            "partnero_referral=al ice",
            "partnero_referral=alice%2Fbob",
            "partnero_referral=%2E%2E%2Fadmin",
            "partnero_referral=bad%zz",
            "partnero_referral=bad%4",
            "partnero_referral=a+b",
            "partnero_referral=%C3%28",
            "partnero_referral=.hidden",
            "partnero_referral=<script>",
            "partnero_referral=alice%252F" })
    void ignoresAMalformedCookieValueAndSaysWhy(String header) {
        Referral referral = extractor.extract(null, header);
        assertEquals(Optional.empty(), referral.key());
        assertEquals(Optional.of("malformed"), referral.ignored());
    }

    @Test
    void ignoresAHugeCookieValue() {
        Referral referral = extractor.extract(null, "partnero_referral=" + "a".repeat(256));
        assertEquals(Optional.of("malformed"), referral.ignored());
    }

    @Test
    void bodyKeyWinsOverTheCookie() {
        assertEquals(Optional.of(new CustomerKey("from_body")),
                extractor.extract("from_body", "partnero_referral=from_cookie").key());
    }

    @Test
    void aMalformedBodyKeyIsIgnoredWithoutFallingBackToTheCookie() {
        Referral referral = extractor.extract("bad key", "partnero_referral=from_cookie");
        assertEquals(Optional.empty(), referral.key());
        assertEquals(Optional.of("malformed"), referral.ignored());
    }

    @Test
    void percentDecodesExactlyOnce() {
        assertEquals(Optional.of("a%2Fb"), ReferralKeyExtractor.percentDecode("a%252Fb"));
        assertEquals(Optional.of("a+b"), ReferralKeyExtractor.percentDecode("a+b"));
        assertEquals(Optional.empty(), ReferralKeyExtractor.percentDecode("a%G1"));
    }
}
