package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.support.Postgres;

/**
 * The accepting unit's first statement on PostgreSQL takes its lane's lock and reads the shared clock in one round
 * trip: the lock is really held until the transaction ends (another connection cannot take it), and the time is
 * the server's, read after the lock was granted.
 */
@ExtendWith(Postgres.class)
class LaneLockPostgresTest {

    @Test
    void oneStatementTakesEveryLaneLockAndReadsTheServerClock() throws SQLException {
        Store store = mock(Store.class);
        when(store.postgres()).thenReturn(true);
        OutboxIntake intake = new OutboxIntake(new Outbox(store, Clock.systemUTC(), mock(DeliveryConfig.class)));
        try (Connection accepting = Postgres.open(); Connection other = Postgres.open()) {
            accepting.setAutoCommit(false);
            long before = serverMillis(other);
            long now = intake.lockLanes(accepting, new TreeSet<>(java.util.List.of("lane-b", "lane-a")));
            long after = serverMillis(other);
            assertTrue(before <= now && now <= after, "the server's clock, read during the call");
            assertFalse(tryLock(other, "lane-a"), "lane-a is held by the accepting transaction");
            assertFalse(tryLock(other, "lane-b"), "lane-b (the one read with the clock) is held too");
            accepting.commit();
            assertTrue(tryLock(other, "lane-b"), "released with the accepting transaction");
        }
    }

    private static long serverMillis(Connection c) throws SQLException {
        return Jdbc.count(c, "SELECT " + Outbox.SHARED_CLOCK);
    }

    static boolean tryLock(Connection c, String lane) throws SQLException {
        try (var ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
            ps.setString(1, lane);
            try (var result = ps.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }
}
