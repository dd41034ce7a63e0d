package dev.referral.sidecar.delivery;

import java.util.Optional;

import dev.referral.sidecar.referral.CustomerKey;
import jakarta.enterprise.context.ApplicationScoped;

/** Read access to the sidecar's own sign-up records (the dashboard's "pending" answer, referrer eviction). */
@ApplicationScoped
public class SignupRecords {

    /** The sign-up of {@code key} if this sidecar accepted one. */
    public Optional<SignupRecord> find(CustomerKey key) {
        throw new IllegalStateException("pending");
    }
}
