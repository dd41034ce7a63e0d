package dev.referral.sidecar.support;

import java.util.concurrent.atomic.AtomicInteger;

/** Unique keys per test run, so tests sharing one application and store never see each other's rows. */
public final class TestKeys {

    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private static final AtomicInteger NEXT = new AtomicInteger();

    private TestKeys() {
    }

    public static String next(String prefix) {
        return prefix + "_" + RUN + "_" + NEXT.incrementAndGet();
    }
}
