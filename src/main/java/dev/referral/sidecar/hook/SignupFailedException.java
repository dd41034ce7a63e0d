package dev.referral.sidecar.hook;

import dev.referral.sidecar.ProblemException;
import dev.referral.sidecar.ProblemType;

/** A repeated sign-up whose first delivery never created the customer and was discarded by an operator. */
public class SignupFailedException extends ProblemException {

    public SignupFailedException(String key) {
        super(ProblemType.PARTNERO_REJECTED, "This sign-up was discarded", "The first sign-up of " + key + " was a dead letter an operator discarded; the key stays used");
    }
}
