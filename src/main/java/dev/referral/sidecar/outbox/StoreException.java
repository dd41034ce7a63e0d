package dev.referral.sidecar.outbox;

import java.sql.SQLException;
import java.time.Duration;

import dev.referral.sidecar.ProblemException;
import dev.referral.sidecar.ProblemType;
import io.quarkus.logging.Log;

/** The store failed: the sidecar can neither deliver nor queue, so the caller gets 503 and retries. */
public class StoreException extends ProblemException {

    private final transient SQLException cause;

    StoreException(SQLException cause) {
        super(ProblemType.UNAVAILABLE, "Store unavailable", "The request was not stored; retry it",
                Duration.ofSeconds(5));
        this.cause = cause;
    }

    /** The failure for {@code e}, logged (without personal data) unless it is a unique-key race. */
    static StoreException of(SQLException e) {
        StoreException failure = new StoreException(e);
        if (!failure.uniqueViolation()) {
            Log.errorf("Store failure: %s (SQL state %s): %s", e.getClass().getSimpleName(), e.getSQLState(),
                    Redact.error(e.getMessage()));
        }
        return failure;
    }

    /** Two transactions inserted the same key at once; the loser can simply look again. */
    public boolean uniqueViolation() {
        return "23505".equals(cause.getSQLState()) || String.valueOf(cause.getMessage()).contains("UNIQUE");
    }
}
