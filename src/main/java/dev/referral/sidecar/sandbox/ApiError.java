package dev.referral.sidecar.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Partnero-style failure raised inside the emulator and answered by {@link Replies}, never by the application's
 * exception mappers. Carries no stack trace: it is an answer, not a bug.
 */
final class ApiError extends RuntimeException {

    private final int status;
    private final transient ObjectNode body;

    ApiError(int status, ObjectNode body) {
        super(body.path("message").asText(), null, false, false);
        this.status = status;
        this.body = body;
    }

    static ApiError notFound(String message) {
        return new ApiError(404, PartneroJson.message(message));
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, PartneroJson.message(message));
    }

    int status() {
        return status;
    }

    ObjectNode body() {
        return body;
    }
}
