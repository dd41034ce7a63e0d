package dev.referral.sidecar.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/** The last {@value #CAPACITY} requests to {@code /sandbox/v1}, oldest first, so tests can count attempts. */
@ApplicationScoped
class RequestLog {

    static final int CAPACITY = 1_000;

    private final Deque<LoggedRequest> entries = new ArrayDeque<>();

    synchronized void add(LoggedRequest request) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(request);
    }

    synchronized List<LoggedRequest> entries() {
        return List.copyOf(entries);
    }

    synchronized void clear() {
        entries.clear();
    }
}
