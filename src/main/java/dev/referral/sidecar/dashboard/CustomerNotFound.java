package dev.referral.sidecar.dashboard;

import dev.referral.sidecar.Problem;
import dev.referral.sidecar.ProblemException;
import dev.referral.sidecar.ProblemType;

/** Partnero does not know the customer, and the sidecar has no queued sign-up for it. */
final class CustomerNotFound extends ProblemException {

    CustomerNotFound() {
        super(Problem.of(ProblemType.NOT_FOUND, 404, "Customer not found",
                "Partnero has no customer with this key"));
    }
}
