package dev.referral.sidecar.partnero;

/** Partnero answered with an error, or could not be reached. One subclass per way the sidecar reacts. */
public abstract sealed class PartneroException extends RuntimeException
        permits PartneroRejected, PartneroThrottled, PartneroUnavailable, PartneroUnauthorized {

    protected PartneroException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
