package dev.referral.sidecar.sandbox;

import java.util.List;

import dev.referral.sidecar.Problem;
import dev.referral.sidecar.ProblemException;

/** A {@code POST /sandbox/faults} body that is not a valid fault set; the old set stays. */
class InvalidFaults extends ProblemException {

    InvalidFaults(List<Problem.FieldError> errors) {
        super(Problem.invalid(errors));
    }
}
