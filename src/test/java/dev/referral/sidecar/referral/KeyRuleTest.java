package dev.referral.sidecar.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRuleTest {

    @ParameterizedTest
    @ValueSource(strings = { "a", "customer_456", "inv-2026.11:01@shop", "A1", "0" })
    void acceptsKeysThatFitOnePathSegment(String key) {
        assertTrue(KeyRule.valid(key));
        assertEquals(key, new CustomerKey(key).value());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " a", ".a", "-a", "_a", "a/b", "a\\b", "a?b", "a#b", "a%2Fb", "a b", "é", "a\u0000" })
    void rejectsAnythingThatCouldEscapeAPathOrIsNotAKey(String key) {
        assertFalse(KeyRule.valid(key));
        assertThrows(IllegalArgumentException.class, () -> new TransactionKey(key));
    }

    @Test
    void limitsKeysTo255Characters() {
        assertTrue(KeyRule.valid("a".repeat(255)));
        assertFalse(KeyRule.valid("a".repeat(256)));
        assertFalse(KeyRule.valid(null));
    }

    @Test
    void agreesWithTheDocumentedPatternForEveryCharacterFirstAndAfter() {
        Pattern documented = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]*");
        for (char c = 0; c < 0x3000; c++) {
            for (String key : new String[] { String.valueOf(c), "a" + c, "a" + c + "b", c + "a" }) {
                assertEquals(documented.matcher(key).matches(), KeyRule.valid(key), () -> "key " + key.codePoints()
                        .mapToObj(Integer::toHexString).toList());
            }
        }
    }
}
