package dev.referral.sidecar.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The last requests to {@code /sandbox/v1} ({@code SANDBOX_LIMITS_REQUESTS}, 1,000 by default), oldest first, so
 * tests can count attempts. A rolling window: when full, the oldest entry makes room.
 */
@ApplicationScoped
class RequestLog {

    static final int DEFAULT_CAPACITY = 1_000;

    private final int capacity;
    private final Deque<LoggedRequest> entries = new ArrayDeque<>();

    @Inject
    RequestLog(SandboxSettings settings) {
        this(settings.limits().requests());
    }

    RequestLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(LoggedRequest request) {
        if (entries.size() == capacity) {
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
