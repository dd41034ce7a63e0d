package dev.referral.sidecar.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
