package dev.referral.sidecar;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The only place that writes problem responses (RFC 9457): typed service exceptions, Bean Validation, malformed
 * JSON and the framework's own 4xx. Bodies name fields, never echo values, so nothing personal leaks.
 */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder builder = Response.status(e.problem().status()).type(Problem.MEDIA)
                .entity(e.problem());
        e.retryAfter().ifPresent(d -> builder.header(HttpHeaders.RETRY_AFTER, Math.max(1, d.toSeconds())));
        return builder.build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        return Problem.invalid(e.getConstraintViolations().stream().map(FieldPath::error).toList()).asResponse();
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unparsable(JsonParseException e) {
        return unreadable(e);
    }

    /** Overrides Quarkus' own mapper (a 500): a creator that cannot take the body is a body of the wrong shape. */
    @ServerExceptionMapper
    public Response undefined(InvalidDefinitionException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response uninstantiable(ValueInstantiationException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        Optional<String> duplicate = FieldPath.duplicate(e);
        if (duplicate.isPresent()) {
            return Problem.invalid(List.of(new Problem.FieldError(duplicate.get(), "is given more than once")))
                    .asResponse();
        }
        String field = e instanceof JsonMappingException m ? FieldPath.of(m.getPath()) : "";
        String message = e instanceof JsonMappingException ? "has the wrong type or shape" : "is not valid JSON";
        return Problem.invalid(List.of(new Problem.FieldError(field.isEmpty() ? "body" : field, message)))
                .asResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(ProblemType.NOT_FOUND, null).asResponse();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return Problem.of(ProblemType.METHOD_NOT_ALLOWED, null).asResponse();
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json").asResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return Problem.tooLarge().asResponse();
        }
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        if (status == 400) {
            // The framework's own 400s are unreadable bodies (truncated JSON and the like).
            return Problem.invalid(List.of(new Problem.FieldError("body", "is not valid JSON"))).asResponse();
        }
        ProblemType type = ProblemType.forStatus(status);
        if (type.status() == status) {
            return Problem.of(type, null).asResponse();
        }
        // A status no type owns (a framework 4xx such as 408): the type's family, the status as the framework chose.
        Response.StatusType reason = Response.Status.fromStatusCode(status);
        return new Problem(type.uri(), reason == null ? "Error" : reason.getReasonPhrase(), status, null,
                java.util.List.of()).asResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        // Our own bug: logged once here, with the class only in the body.
        Log.errorf(e, "Unhandled %s", e.getClass().getSimpleName());
        return Problem.of(ProblemType.INTERNAL, null).asResponse();
    }

    /** JSON paths of bad input, in the wire's snake_case: {@code transactions[1].amount}. */
    static final class FieldPath {

        private FieldPath() {
        }

        static Problem.FieldError error(ConstraintViolation<?> violation) {
            return new Problem.FieldError(of(violation), violation.getMessage());
        }

        static String of(ConstraintViolation<?> violation) {
            StringBuilder path = new StringBuilder();
            String parameter = null;
            for (jakarta.validation.Path.Node node : violation.getPropertyPath()) {
                switch (node.getKind()) {
                    case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> { }
                    case PARAMETER -> parameter = node.getName();
                    default -> append(path, node);
                }
            }
            if (path.length() > 0) {
                return path.toString();
            }
            return parameter == null ? "body" : parameter;
        }

        private static void append(StringBuilder path, jakarta.validation.Path.Node node) {
            if (node.getIndex() != null && path.length() > 0) {
                path.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() == null || node.getName().startsWith("<")) {
                return;
            }
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(snake(node.getName()));
        }

        static String of(List<JsonMappingException.Reference> references) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference ref : references) {
                if (ref.getFieldName() != null) {
                    if (path.length() > 0) {
                        path.append('.');
                    }
                    path.append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            return path.toString();
        }

        /** The member a strict parser found twice, as a JSON path, if that is what failed. */
        static Optional<String> duplicate(Throwable error) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                if (t instanceof JsonParseException p && p.getOriginalMessage() != null
                        && p.getOriginalMessage().startsWith("Duplicate field")) {
                    String path = p.getProcessor() == null ? ""
                            : of(p.getProcessor().getParsingContext().pathAsPointer());
                    return Optional.of(path.isEmpty() ? "body" : path);
                }
            }
            return Optional.empty();
        }

        /** The parser's position ({@code /transactions/0/key}) as a JSON path ({@code transactions[0].key}). */
        static String of(JsonPointer pointer) {
            StringBuilder path = new StringBuilder();
            for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
                if (p.mayMatchElement()) {
                    path.append('[').append(p.getMatchingIndex()).append(']');
                } else {
                    if (path.length() > 0) {
                        path.append('.');
                    }
                    path.append(p.getMatchingProperty());
                }
            }
            return path.toString();
        }

        static String snake(String name) {
            return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        }
    }
}
