package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The clock that lease times on PostgreSQL come from: the server's, shared by every replica. It is read at most once
 * a second and carried forward on this JVM's monotonic clock in between, so a write does not pay a round trip for
 * it (the accept of every hook call used to: one statement in ten of a sign-up). The error is the read's half round
 * trip plus a second of drift, milliseconds at most against leases and pauses of seconds.
 */
final class SharedClock {

    /** Reads the server's clock in epoch millis on the caller's connection. */
    @FunctionalInterface
    interface Reading {
        long read(Connection c) throws SQLException;
    }

    static final long RESAMPLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    static final Reading POSTGRES = c -> Jdbc.count(c,
            "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)");

    private record Sample(long serverMillis, long atNanos) {
    }

    private final Reading reading;
    private final LongSupplier nanos;
    private volatile Sample sample;

    SharedClock(Reading reading, LongSupplier nanos) {
        this.reading = reading;
        this.nanos = nanos;
    }

    static SharedClock postgres() {
        return new SharedClock(POSTGRES, System::nanoTime);
    }

    /** The server's time now, in epoch millis; reads it on {@code c} when the last reading is a second old. */
    long millis(Connection c) throws SQLException {
        Sample s = sample;
        long now = nanos.getAsLong();
        if (s == null || now - s.atNanos() >= RESAMPLE_NANOS) {
            long before = now;
            long server = reading.read(c);
            long after = nanos.getAsLong();
            s = new Sample(server, before + (after - before) / 2);
            sample = s;
            now = after;
        }
        return s.serverMillis() + TimeUnit.NANOSECONDS.toMillis(now - s.atNanos());
    }
}
