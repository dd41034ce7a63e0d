package dev.referral.sidecar.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * The system clock plus an offset a test can move forward (never back, so nothing dated by it lies in the future).
 * Enabled only by profiles that list it ({@link OutageProfile}).
 */
@Alternative
@ApplicationScoped
public class MovableClock extends Clock {

    private final AtomicLong offsetMillis = new AtomicLong();

    public void advance(Duration by) {
        offsetMillis.addAndGet(by.toMillis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plusMillis(offsetMillis.get());
    }
}
