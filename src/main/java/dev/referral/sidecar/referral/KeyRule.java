package dev.referral.sidecar.referral;

import java.util.regex.Pattern;

/**
 * The one rule every key obeys (DESIGN.md, "Keys"): 1-255 characters matching {@code [A-Za-z0-9][A-Za-z0-9._:@-]*}.
 * Keys that pass it fit in one URL path segment, so they can never escape a path upstream.
 */
public final class KeyRule {

    public static final int MAX_LENGTH = 255;
    public static final String MESSAGE =
            "must be 1-255 characters: letters, digits and . _ : @ - (starting with a letter or digit)";
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]*");

    private KeyRule() {
    }

    public static boolean valid(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_LENGTH && PATTERN.matcher(value).matches();
    }

    static String require(String value, String what) {
        if (!valid(value)) {
            throw new IllegalArgumentException(what + " " + MESSAGE);
        }
        return value;
    }
}
