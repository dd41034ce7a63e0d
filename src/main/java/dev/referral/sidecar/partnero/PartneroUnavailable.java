package dev.referral.sidecar.partnero;

/**
 * Partnero did not give a usable answer: 5xx, 408, 3xx, a reset, a refused connection. {@code maybeSent} says
 * whether the request may have been processed (anything after the connection was made), which makes the outcome
 * of a write unknown.
 */
public final class PartneroUnavailable extends PartneroException {

    private final int status;
    private final boolean maybeSent;

    public PartneroUnavailable(int status, boolean maybeSent, String reason, Throwable cause) {
        super(reason, cause);
        this.status = status;
        this.maybeSent = maybeSent;
    }

    /** HTTP status, or 0 for a transport failure. */
    public int status() {
        return status;
    }

    public boolean maybeSent() {
        return maybeSent;
    }
}
