package dev.referral.sidecar.outbox;

import java.util.regex.Pattern;

/** Keeps personal data out of what the outbox stores as an error and shows to operators. */
public final class Redact {

    private static final Pattern EMAIL = Pattern.compile("[^\\s\"'<>@]+@[^\\s\"'<>@]+\\.[^\\s\"'<>@]+");
    private static final int MAX = 480;

    private Redact() {
    }

    public static String error(String message) {
        if (message == null) {
            return null;
        }
        String clean = EMAIL.matcher(message).replaceAll("<email>");
        return clean.length() > MAX ? clean.substring(0, MAX) : clean;
    }
}
