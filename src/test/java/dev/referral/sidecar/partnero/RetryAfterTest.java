package dev.referral.sidecar.partnero;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    @Test
    void secondsAreReadAsADelay() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse(" 120 ", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("0", NOW));
    }

    @Test
    void aFutureHttpDateIsTheTimeUntilThen() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Thu, 15 Jan 2026 10:01:30 GMT", NOW));
    }

    @Test
    void aPastHttpDateIsZero() {
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Thu, 15 Jan 2026 09:00:00 GMT", NOW));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { " ", "-5", "1.5", "soon", "Thursday", "99999999999999999999", "10s" })
    void absentGarbageOrNegativeIsUnknown(String header) {
        assertEquals(Optional.empty(), RetryAfter.parse(header, NOW));
    }
}
