package dev.referral.sidecar.dashboard;

import java.time.Duration;

import dev.referral.sidecar.ProblemException;
import dev.referral.sidecar.ProblemType;

/** Partnero could not give the customer and there is no earlier answer to serve stale. */
final class DashboardUnavailable extends ProblemException {

    DashboardUnavailable(Duration retryAfter) {
        super(ProblemType.UNAVAILABLE, "Partnero unavailable",
                "Partnero did not answer and no earlier answer is kept for this customer", retryAfter);
    }
}
