package dev.referral.sidecar.dashboard;

import dev.referral.sidecar.ProblemException;
import dev.referral.sidecar.ProblemType;

/** Partnero does not know the customer, and the sidecar has no queued sign-up for it. */
final class CustomerNotFound extends ProblemException {

    CustomerNotFound() {
        super(ProblemType.NOT_FOUND, "Customer not found", "Partnero has no customer with this key");
    }
}
