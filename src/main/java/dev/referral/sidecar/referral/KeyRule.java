package dev.referral.sidecar.referral;

/**
 * The one rule every key obeys (DESIGN.md, "Keys"): 1-255 characters matching {@code [A-Za-z0-9][A-Za-z0-9._:@-]*}.
 * Keys that pass it fit in one URL path segment, so they can never escape a path upstream.
 */
public final class KeyRule {

    public static final int MAX_LENGTH = 255;
    public static final String MESSAGE =
            "must be 1-255 characters: letters, digits and . _ : @ - (starting with a letter or digit)";

    private KeyRule() {
    }

    /**
     * {@code [A-Za-z0-9][A-Za-z0-9._:@-]*}, 1-255 characters. A loop over the characters, not a regular expression:
     * every hook and dashboard call checks one to three keys, and a {@code Matcher} per check was measurable there.
     */
    public static boolean valid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !alphanumeric(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!alphanumeric(c) && c != '.' && c != '_' && c != ':' && c != '@' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean alphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    static String require(String value, String what) {
        if (!valid(value)) {
            throw new IllegalArgumentException(what + " " + MESSAGE);
        }
        return value;
    }
}
