package dev.referral.sidecar;

import java.util.ArrayList;
import java.util.List;

import dev.referral.sidecar.referral.KeyRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;

/**
 * The {@code Idempotency-Key} request header (IETF HTTP API draft) on the purchase and credit hooks: an alias of
 * the body's key. Header alone, body alone or both equal are one request; both different, a header breaking the
 * key rule, or a header on a batch is a 400 naming the field. The body is validated here, after the merge, so a
 * body without its key is valid when the header carries it; the 400 lists header and body errors together.
 */
@ApplicationScoped
public class IdempotencyKeyHeader {

    public static final String NAME = "Idempotency-Key";

    /** A request body whose idempotency key may come from the header instead. */
    public interface Keyed<T> {

        /** The key given in the body, or {@code null}. */
        String bodyKey();

        /** The body field's wire name, for problems. */
        String bodyKeyField();

        /** False where the header cannot apply (a batch, whose items carry their own keys). */
        boolean takesHeaderKey();

        /** This body with the header's key in place of the absent body key. */
        T withHeaderKey(String key);
    }

    private final Validator validator;

    IdempotencyKeyHeader(Validator validator) {
        this.validator = validator;
    }

    /** The body with the header's key merged in, validated as a whole; 400 with every bad input otherwise. */
    public <T extends Keyed<T>> T merge(String header, T body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String key = header == null ? null : unquoted(header);
        T merged = body;
        if (key != null && !body.takesHeaderKey()) {
            errors.add(new Problem.FieldError(NAME, "applies to a single purchase only: batch items carry their keys"));
        } else if (key != null && !KeyRule.valid(key)) {
            errors.add(new Problem.FieldError(NAME, KeyRule.MESSAGE));
        } else if (key != null && body.bodyKey() != null && !key.equals(body.bodyKey())) {
            errors.add(new Problem.FieldError(body.bodyKeyField(), "differs from the " + NAME + " header"));
        } else if (key != null && body.bodyKey() == null) {
            merged = body.withHeaderKey(key);
        }
        // A refused header stands for the key: the body's missing key is not reported a second time.
        boolean headerRefused = !errors.isEmpty();
        validator.validate(merged).stream().map(ProblemMapper.FieldPath::error)
                .filter(e -> !(headerRefused && e.field().equals(body.bodyKeyField())))
                .forEach(errors::add);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return merged;
    }

    /** The draft defines the value as a Structured Field string ({@code "abc"}); a bare token is accepted too. */
    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
