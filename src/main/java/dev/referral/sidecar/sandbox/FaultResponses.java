package dev.referral.sidecar.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The answers faults give in place of the emulator's: Laravel's throttle reply, its production 500, or the HTML
 * page a proxy or CDN in front of the API would serve (PARTNERO.md section 3: bodies need not be JSON).
 */
final class FaultResponses {

    /** IMF-fixdate (RFC 9110), always two-digit days and English names. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private FaultResponses() {
    }

    /** What the request is answered with before anything is applied, if its rule says so. */
    static Optional<Response> before(FaultDecision decision, Instant now) {
        FaultRule rule = decision.rule();
        if (rule != null && rule.rateLimit() != null) {
            return Optional.of(rateLimited(rule.rateLimit(), now));
        }
        if (decision.fail()) {
            return Optional.of(error(rule.errorStatus(), rule.errorBody()));
        }
        return Optional.empty();
    }

    static Response rateLimited(FaultRule.RateLimit limit, Instant now) {
        Response.ResponseBuilder response = Response.status(limit.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(PartneroJson.write(PartneroJson.message("Too Many Attempts.")))
                .header("X-RateLimit-Limit", 60).header("X-RateLimit-Remaining", 0);
        if (limit.retryAfterS() != null) {
            switch (limit.format()) {
                case SECONDS -> response.header(HttpHeaders.RETRY_AFTER, limit.retryAfterS());
                case HTTP_DATE -> response.header(HttpHeaders.RETRY_AFTER,
                        HTTP_DATE.format(now.plusSeconds(limit.retryAfterS())));
                case NONE -> { }
            }
        }
        return response.build();
    }

    static Response error(int status, FaultRule.ErrorBody body) {
        boolean html = body == FaultRule.ErrorBody.HTML
                || body == FaultRule.ErrorBody.AUTO && status >= 502 && status <= 504;
        return Response.status(status)
                .type(html ? MediaType.TEXT_HTML_TYPE.withCharset("utf-8") : MediaType.APPLICATION_JSON_TYPE)
                .entity(html ? proxyPage(status) : PartneroJson.write(PartneroJson.message(message(status))))
                .build();
    }

    private static String message(int status) {
        if (status >= 500) {
            return "Server Error";
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    private static byte[] proxyPage(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = status + " " + (known == null ? "Error" : known.getReasonPhrase());
        return ("<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
