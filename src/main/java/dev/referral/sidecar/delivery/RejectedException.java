package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.referral.sidecar.Problem;
import dev.referral.sidecar.ProblemException;
import dev.referral.sidecar.ProblemType;
import dev.referral.sidecar.partnero.PartneroFailure;

/**
 * Partnero refused every write of a request on the immediate attempt: 422 {@code /problems/partnero-rejected}
 * with Partnero's field errors, their paths translated to the request's own ({@code transactions.0.amount} →
 * {@code transactions[0].amount}), emails removed from the messages.
 */
public class RejectedException extends ProblemException {

    public RejectedException(List<PartneroFailure> failures, BiFunction<Integer, String, String> fieldOf) {
        super(problem(failures, fieldOf));
    }

    private static Problem problem(List<PartneroFailure> failures, BiFunction<Integer, String, String> fieldOf) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < failures.size(); i++) {
            for (Map.Entry<String, List<String>> e : failures.get(i).fieldErrors().entrySet()) {
                String field = fieldOf.apply(i, brackets(e.getKey()));
                e.getValue().forEach(m -> errors.add(new Problem.FieldError(field, Redact.error(m))));
            }
        }
        String detail = failures.isEmpty() ? null : Redact.error(failures.get(0).message());
        ProblemType type = ProblemType.PARTNERO_REJECTED;
        return new Problem(type.uri(), type.title(), type.status(), detail, List.copyOf(errors));
    }

    /** Laravel's dot paths with numeric segments become JSON paths with indexes. */
    static String brackets(String path) {
        return path.replaceAll("\\.(\\d+)(?=\\.|$)", "[$1]");
    }
}
