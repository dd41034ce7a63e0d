package dev.referral.sidecar.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/** The last {@value #CAPACITY} webhook delivery attempts, oldest first, so the console can show what was sent. */
@ApplicationScoped
class WebhookDeliveryLog {

    static final int CAPACITY = 200;

    private final Deque<WebhookAttempt> entries = new ArrayDeque<>();

    synchronized void add(WebhookAttempt attempt) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(attempt);
    }

    synchronized List<WebhookAttempt> entries() {
        return List.copyOf(entries);
    }

    synchronized void clear() {
        entries.clear();
    }
}
