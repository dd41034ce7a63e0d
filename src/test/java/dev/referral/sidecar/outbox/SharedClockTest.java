package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.referral.sidecar.support.Postgres;

class SharedClockTest {

    private final AtomicLong nanos = new AtomicLong(TimeUnit.SECONDS.toNanos(1_000));
    private final AtomicLong server = new AtomicLong(1_795_000_000_000L);
    private final AtomicInteger reads = new AtomicInteger();
    private final SharedClock clock = new SharedClock(c -> {
        reads.incrementAndGet();
        return server.get();
    }, nanos::get);

    @Test
    void withinASecondTheServerTimeIsCarriedForwardWithoutARead() throws SQLException {
        assertEquals(1_795_000_000_000L, clock.millis(null));
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));
        server.addAndGet(250);

        assertEquals(1_795_000_000_250L, clock.millis(null));
        assertEquals(1, reads.get(), "one read for both");
    }

    @Test
    void aSecondLaterTheServerIsReadAgainAndItsClockWins() throws SQLException {
        clock.millis(null);
        nanos.addAndGet(SharedClock.RESAMPLE_NANOS);
        // The server's clock was stepped forward by 5 s (NTP) meanwhile: the next read follows it.
        server.addAndGet(6_000);

        assertEquals(1_795_000_006_000L, clock.millis(null));
        assertEquals(2, reads.get());
    }

    /** The real reading, on PostgreSQL when one answers (the PostgreSQL tests' server): it agrees with now(). */
    @Test
    @ExtendWith(Postgres.class)
    void thePostgresReadingIsTheServersEpochMillis() throws SQLException {
        try (Connection c = Postgres.open(); Statement s = c.createStatement()) {
            long read = SharedClock.POSTGRES.read(c);
            try (var rs = s.executeQuery("SELECT CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT)")) {
                rs.next();
                long now = rs.getLong(1);
                assertEquals(now, read, 5_000);
            }
        }
    }
}
