package dev.referral.sidecar.delivery;
import dev.referral.sidecar.outbox.Outbox;
import dev.referral.sidecar.outbox.Store;
import dev.referral.sidecar.outbox.OutboxEntry;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.referral.sidecar.config.DeliveryConfig;
import dev.referral.sidecar.support.OutboxRows;
import dev.referral.sidecar.support.Postgres;
import dev.referral.sidecar.support.PostgresProfile;
import dev.referral.sidecar.support.TestKeys;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Replicas share one PostgreSQL outbox: claims are conditional updates, so four claimants racing over the same
 * rows never hold one row twice, and never two rows of one customer at once.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@ExtendWith(Postgres.class)
class ConcurrentClaimPostgresTest {

    @Inject
    Store store;

    @Inject
    Writes writes;

    @Inject
    DeliveryConfig config;

    @Inject
    OutboxRows rows;

    @Inject
    Scheduler scheduler;

    /**
     * The application's own dispatcher is a fifth claimant that passes every second: if a pass lands between the
     * release of the test's rows and the replicas' claims, it takes the rows the test counts (seen once in CI).
     */
    @BeforeEach
    void emptyOutboxWithoutTheApplicationsDispatcher() {
        scheduler.pause(Dispatcher.IDENTITY);
        rows.clear();
    }

    @AfterEach
    void resumeTheDispatcher() {
        scheduler.resume(Dispatcher.IDENTITY);
    }

    @Test
    void fourReplicasRacingForTheSameRowsNeverClaimOneTwice() throws Exception {
        List<NewEntry> entries = new ArrayList<>();
        for (int customer = 0; customer < 20; customer++) {
            String key = TestKeys.next("racer");
            for (int purchase = 0; purchase < 3; purchase++) {
                entries.add(writes.purchase(new dev.referral.sidecar.referral.CustomerKey(key),
                        new dev.referral.sidecar.referral.TransactionKey(TestKeys.next("inv")),
                        java.math.BigDecimal.ONE, "sale"));
            }
        }
        Outbox inserter = new Outbox(store, Clock.systemUTC(), config);
        store.write(c -> {
            for (NewEntry e : entries) {
                OutboxRows.insertClaimed(inserter, c, e);
            }
            return null;
        });
        inserter.releaseOwnClaims();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<OutboxEntry>>> claims = new ArrayList<>();
        for (int replica = 0; replica < 4; replica++) {
            Outbox outbox = new Outbox(store, Clock.systemUTC(), config);
            claims.add(pool.submit((Callable<List<OutboxEntry>>) () -> outbox.claimDue(100, true)));
        }
        Set<Long> ids = new HashSet<>();
        Set<String> lanes = new HashSet<>();
        int total = 0;
        for (Future<List<OutboxEntry>> claim : claims) {
            for (OutboxEntry entry : claim.get()) {
                total++;
                assertTrue(ids.add(entry.id()), "row " + entry.id() + " claimed twice");
                assertTrue(lanes.add(entry.lane()), "two rows of customer " + entry.lane() + " claimed at once");
            }
        }
        pool.shutdown();
        assertEquals(20, total, "exactly the head row of each of the 20 customers");
    }

    @Test
    void aReplicaWhoseClockRunsAheadCannotTakeALiveClaim() {
        NewEntry entry = writes.purchase(new dev.referral.sidecar.referral.CustomerKey(TestKeys.next("skew")),
                new dev.referral.sidecar.referral.TransactionKey(TestKeys.next("inv")), java.math.BigDecimal.ONE, "sale");
        Outbox holder = new Outbox(store, Clock.systemUTC(), config);
        store.write(c -> OutboxRows.insertClaimed(holder, c, entry));
        // Two lease lengths ahead: by its own clock every lease of the other replica has run out.
        Clock ahead = Clock.offset(Clock.systemUTC(), config.lease().multipliedBy(2));
        Outbox skewed = new Outbox(store, ahead, config);

        assertTrue(skewed.claimDue(100, true).stream().noneMatch(e -> e.dedupeKey().equals(entry.dedupeKey())),
                "lease times come from PostgreSQL's clock, not the replica's");
    }
}
