package dev.referral.sidecar;

import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem details body. Never carries secrets or email addresses. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

    /** One bad input: the JSON path or query parameter name, and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    /** A problem of {@code type}, answered with the type's own status. */
    public static Problem of(ProblemType type, String title, String detail) {
        return new Problem(type.uri(), title, type.status(), detail, List.of());
    }

    /** A problem of {@code type} with its default title. */
    public static Problem of(ProblemType type, String detail) {
        return of(type, type.title(), detail);
    }

    /** 400 listing every bad input, sorted by field. */
    public static Problem invalid(List<FieldError> errors) {
        ProblemType type = ProblemType.VALIDATION;
        return new Problem(type.uri(), type.title(), type.status(),
                "The request has " + errors.size() + " invalid field(s)",
                errors.stream().sorted(Comparator.comparing(FieldError::field)).toList());
    }

    /** 413: the one answer to a body over the limit, whichever layer notices it. */
    public static Problem tooLarge() {
        return of(ProblemType.TOO_LARGE, "Bodies are limited to 64 KiB");
    }

    public Response asResponse() {
        return Response.status(status).type(MEDIA).entity(this).build();
    }
}
