package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

import dev.referral.sidecar.support.Postgres;

/**
 * The round trip is measured on a real PostgreSQL server and decides the count. Which count a given server gets is a
 * timing, measured by the benchmarks, not asserted here (a shared machine's load moves it).
 */
@ExtendWith(Postgres.class)
class WriterCountPostgresTest {

    @Test
    void theRoundTripIsMeasuredOnTheServerAndDecidesTheCount() {
        PGSimpleDataSource server = new PGSimpleDataSource();
        server.setUrl(Postgres.url());
        server.setUser(Postgres.user());
        server.setPassword(Postgres.password());
        Duration roundTrip = WriterCount.roundTrip(server);
        assertTrue(!roundTrip.isNegative() && !roundTrip.isZero() && roundTrip.compareTo(Duration.ofSeconds(5)) < 0,
                "a round trip to the server, measured " + roundTrip);
        int count = WriterCount.of(Optional.empty(), server);
        assertTrue(count == 1 || count == 2, "one or two writers, got " + count);
        assertEquals(4, WriterCount.of(Optional.of(4), server));
    }
}
