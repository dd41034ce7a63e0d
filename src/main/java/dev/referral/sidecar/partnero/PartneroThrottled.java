package dev.referral.sidecar.partnero;

import java.time.Duration;
import java.util.Optional;

/** 429: refused before handling, so a re-send is safe once {@code Retry-After} has passed. */
public final class PartneroThrottled extends PartneroException {

    private final transient Duration retryAfter;

    /** @param retryAfter the parsed header, {@code null} when absent, garbage or negative */
    public PartneroThrottled(Duration retryAfter) {
        super("Partnero is rate limiting", null);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
