package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

import dev.referral.sidecar.support.Postgres;

/** On a PostgreSQL server on this host (CI's), an unset writer count measures a local round trip and picks one. */
@ExtendWith(Postgres.class)
class WriterCountPostgresTest {

    @Test
    void aServerOnThisHostGetsOneWriter() {
        String host = URI.create(Postgres.url().substring("jdbc:".length())).getHost();
        assumeTrue(host.equals("127.0.0.1") || host.equals("localhost"), "the test server is not on this host");
        PGSimpleDataSource server = new PGSimpleDataSource();
        server.setUrl(Postgres.url());
        server.setUser(Postgres.user());
        server.setPassword(Postgres.password());
        Duration roundTrip = WriterCount.roundTrip(server);
        assertTrue(roundTrip.compareTo(WriterCount.SAME_HOST) < 0, "a local round trip, measured " + roundTrip);
        assertEquals(1, WriterCount.of(Optional.empty(), server));
    }
}
