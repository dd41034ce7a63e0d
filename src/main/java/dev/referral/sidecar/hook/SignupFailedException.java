package dev.referral.sidecar.hook;

import dev.referral.sidecar.Problem;
import dev.referral.sidecar.ProblemException;
import dev.referral.sidecar.ProblemType;

/** A repeated sign-up whose first delivery was refused by Partnero and is a dead letter (or was discarded). */
public class SignupFailedException extends ProblemException {

    public SignupFailedException(String key, String reason) {
        super(Problem.of(ProblemType.PARTNERO_REJECTED, 422, "Partnero rejected this sign-up earlier",
                "The sign-up of " + key + " is a dead letter (" + reason + "): see /admin/dead-letters"));
    }
}
