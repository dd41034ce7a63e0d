package dev.referral.sidecar.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One fault rule of PARTNERO.md section 7.7; {@code source} is the rule as posted, shown back by
 * {@code GET /sandbox/faults}. A null {@code count} is unlimited.
 */
record FaultRule(String method, String pathPrefix, Long count, long latencyMs, boolean hang, RateLimit rateLimit,
        Integer errorStatus, double errorRate, ErrorBody errorBody, AfterCommit afterCommit, ObjectNode source) {

    /** How {@code Retry-After} is written. */
    enum RetryAfterFormat { SECONDS, HTTP_DATE, NONE }

    /** What an injected error's body looks like; {@code AUTO} is a proxy's HTML page for 502–504. */
    enum ErrorBody { JSON, HTML, AUTO }

    /** Answer this status instead of handling the request; nothing is applied. */
    record RateLimit(int status, Long retryAfterS, RetryAfterFormat format) {
    }

    /** Apply the change, then answer late, drop the connection, or answer with another status. */
    record AfterCommit(long delayMs, boolean drop, Integer status) {
    }

    boolean matches(String requestMethod, String path) {
        return (method == null || method.equalsIgnoreCase(requestMethod))
                && (pathPrefix == null || path.startsWith(pathPrefix));
    }
}
