package dev.referral.sidecar.delivery;

/**
 * Delivers a verified webhook event to the application. Declared here, implemented by {@code webhook}, so the
 * dispatcher can relay through the outbox without depending on the receiver.
 */
public interface AppRelay {

    /** True when an application URL is configured: otherwise events are only deduplicated, never relayed. */
    boolean configured();

    /**
     * One attempt: returns normally on a 2xx, throws otherwise, and ends within {@code limit} whatever the
     * application does (an answer whose body never ends included).
     *
     * @param id the event's id, the same on every attempt of one event (Standard Webhooks' {@code webhook-id})
     */
    void relay(String id, byte[] body, java.time.Duration limit) throws Exception;

    /** The application answered, but not with a 2xx: a strike toward {@code max-attempts}, unlike no answer at all. */
    final class Answered extends java.io.IOException {

        private final int status;

        public Answered(int status) {
            super("application answered " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
