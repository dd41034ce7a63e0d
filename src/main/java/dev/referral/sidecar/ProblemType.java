package dev.referral.sidecar;

import java.util.Arrays;

/**
 * The fixed, documented list of problem types (README "Errors"), each with the one HTTP status it is answered with
 * and its default title. Nothing else pairs a type with a status.
 */
public enum ProblemType {
    VALIDATION("/problems/validation", 400, "Invalid input"),
    UNAUTHORIZED("/problems/unauthorized", 401, "Unauthorized"),
    NOT_FOUND("/problems/not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("/problems/method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("/problems/not-acceptable", 406, "Not acceptable"),
    KEY_REUSED("/problems/key-reused", 409, "Key reused with other content"),
    CONFLICT("/problems/conflict", 409, "Conflict"),
    TOO_LARGE("/problems/too-large", 413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE("/problems/unsupported-media-type", 415, "Unsupported media type"),
    PARTNERO_REJECTED("/problems/partnero-rejected", 422, "Partnero rejected the request"),
    INTERNAL("/problems/internal", 500, "Internal error"),
    UNAVAILABLE("/problems/unavailable", 503, "Unavailable");

    private final String uri;
    private final int status;
    private final String title;

    ProblemType(String uri, int status, String title) {
        this.uri = uri;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return uri;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /**
     * The type for a status the framework chose (an unmatched route, a wrong method): the first type with that
     * status, else {@link #INTERNAL} for 5xx and {@link #VALIDATION} for any other 4xx.
     */
    public static ProblemType forStatus(int status) {
        return Arrays.stream(values()).filter(t -> t.status == status).findFirst()
                .orElse(status >= 500 ? INTERNAL : VALIDATION);
    }
}
