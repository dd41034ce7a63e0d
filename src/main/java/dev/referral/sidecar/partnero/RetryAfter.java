package dev.referral.sidecar.partnero;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header (RFC 9110 10.2.3): delay-seconds or an HTTP date. A past date is zero; absent,
 * garbage or negative is empty, so the caller applies its own default pause (PARTNERO.md section 3).
 */
final class RetryAfter {

    private static final int MAX_SECONDS_DIGITS = 12;

    private RetryAfter() {
    }

    static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            // Twelve digits are over 30,000 years: anything longer is garbage, not a number to overflow on.
            return value.length() > MAX_SECONDS_DIGITS ? Optional.empty()
                    : Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
