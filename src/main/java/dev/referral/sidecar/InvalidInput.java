package dev.referral.sidecar;

import java.util.List;

/** 400: a request whose fields were checked by hand is invalid; every bad field named, as Bean Validation's are. */
public final class InvalidInput extends ProblemException {

    public InvalidInput(List<Problem.FieldError> errors) {
        super(Problem.invalid(errors));
    }
}
