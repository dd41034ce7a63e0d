package dev.referral.sidecar.dashboard;

/**
 * A query parameter that must be a whole number in [{@code min}, {@code max}]; absent passes (the default applies).
 * Taken as a string so that {@code limit=abc} is a 400 naming the parameter, not the framework's 404.
 */
final class WholeNumber {

    private static final int MAX_DIGITS = 9;

    private WholeNumber() {
    }

    /** Digits only (no sign, no spaces), then the range; {@code null} passes. */
    static boolean valid(String value, long min, long max) {
        if (value == null) {
            return true;
        }
        if (value.isEmpty() || value.length() > MAX_DIGITS || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        long number = Long.parseLong(value);
        return number >= min && number <= max;
    }
}
