package dev.referral.sidecar;

/** The fixed, documented list of problem types (README "Errors"). */
public enum ProblemType {
    VALIDATION("/problems/validation"),
    NOT_FOUND("/problems/not-found"),
    METHOD_NOT_ALLOWED("/problems/method-not-allowed"),
    NOT_ACCEPTABLE("/problems/not-acceptable"),
    KEY_REUSED("/problems/key-reused"),
    CONFLICT("/problems/conflict"),
    PARTNERO_REJECTED("/problems/partnero-rejected"),
    UNAVAILABLE("/problems/unavailable"),
    UNAUTHORIZED("/problems/unauthorized"),
    TOO_LARGE("/problems/too-large"),
    UNSUPPORTED_MEDIA_TYPE("/problems/unsupported-media-type"),
    INTERNAL("/problems/internal");

    private final String uri;

    ProblemType(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }
}
