package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import io.quarkus.logging.Log;

/**
 * How many writers a PostgreSQL store runs when {@code SIDECAR_STORE_WRITERS} is not set: one for a server on the same
 * host, two for one a network away. On a local server a second writer only adds a thread and a backend that wake for
 * every purchase (measured side by side: one writer took 0.30 ms off one purchase at a time and did 8–32 % more at 16
 * connections); a server 1 ms away needs the second, or each acceptance waits behind the previous purchase's mark
 * (docs/benchmarks.md, twenty-third and twenty-sixth rounds). The server's round trip is the shortest of a few
 * {@code SELECT 1}s on one connection, at start-up: a busy host only ever adds to a round trip, so the shortest is the
 * one that tells a local socket from a network.
 */
final class WriterCount {

    /**
     * A round trip under this is a server on the same host: a local socket measured 0.03–0.05 ms here once warm and
     * 0.13 ms at start-up, on a JVM that has compiled nothing yet; a network hop adds 0.1–1 ms to that.
     */
    static final Duration SAME_HOST = Duration.ofNanos(250_000);
    private static final int PROBES = 50;

    private WriterCount() {
    }

    /** The configured count (at least one), or the one the server's measured round trip calls for. */
    static int of(Optional<Integer> configured, DataSource ds) {
        if (configured.isPresent()) {
            return Math.max(1, configured.get());
        }
        Duration roundTrip = roundTrip(ds);
        int count = forRoundTrip(roundTrip);
        Log.infof("PostgreSQL round trip %.3f ms: %d store writer(s) (SIDECAR_STORE_WRITERS sets the count)",
                roundTrip.toNanos() / 1e6, count);
        return count;
    }

    static int forRoundTrip(Duration roundTrip) {
        return roundTrip.compareTo(SAME_HOST) < 0 ? 1 : 2;
    }

    /** The shortest of {@value #PROBES} {@code SELECT 1}s on one connection, after one to warm it. */
    static Duration roundTrip(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            probe(s);
            long shortest = Long.MAX_VALUE;
            for (int i = 0; i < PROBES; i++) {
                long start = System.nanoTime();
                probe(s);
                shortest = Math.min(shortest, System.nanoTime() - start);
            }
            return Duration.ofNanos(shortest);
        } catch (SQLException e) {
            throw StoreException.of(e);
        }
    }

    private static void probe(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT 1")) {
            r.next();
        }
    }
}
