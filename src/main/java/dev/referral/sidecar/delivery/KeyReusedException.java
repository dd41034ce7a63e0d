package dev.referral.sidecar.delivery;

import dev.referral.sidecar.outbox.Operation;

import dev.referral.sidecar.ProblemException;
import dev.referral.sidecar.ProblemType;

/** The same key was accepted before with other content: 409, and nothing of the request is stored. */
public class KeyReusedException extends ProblemException {

    public KeyReusedException(Operation operation, String key) {
        super(ProblemType.KEY_REUSED, ProblemType.KEY_REUSED.title(), "The " + operation.name().toLowerCase(java.util.Locale.ROOT) + " key " + key
                        + " was accepted before with different content");
    }
}
