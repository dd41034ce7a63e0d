package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.referral.sidecar.support.Postgres;

/**
 * The writer's group commit on PostgreSQL, where a failed statement aborts the whole transaction: a failing unit in
 * the middle of a group is rolled back to its own savepoint, and the units before and after it still commit, in the
 * same commit (the savepoints of units that succeeded are left open for the commit to end).
 */
@ExtendWith(Postgres.class)
class StoreWriterPostgresTest {

    @BeforeEach
    void table() throws SQLException {
        try (Connection c = Postgres.open()) {
            c.createStatement().execute("DROP TABLE IF EXISTS writer_t");
            c.createStatement().execute("CREATE TABLE writer_t (k VARCHAR(20) PRIMARY KEY)");
        }
    }

    @Test
    void aFailingUnitInTheMiddleOfAGroupIsUndoneAloneAndTheOthersShareOneCommit() throws Exception {
        StoreWriter writer = new StoreWriter(Postgres::open, 256, 4096, "store-writer-test");
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        // The writer waits inside this first group, so the next five units queue up and form one group.
        CompletableFuture<Boolean> first = writer.submit(c -> {
            holding.countDown();
            try {
                return hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        assertTrue(holding.await(10, TimeUnit.SECONDS), "the writer took the holding unit");
        List<CompletableFuture<Integer>> done = new ArrayList<>();
        for (String key : List.of("a", "b", "a", "c", "b")) {
            done.add(writer.submit(c -> insert(c, key)));
        }
        hold.countDown();
        first.join();
        CompletableFuture.allOf(done.stream().map(f -> f.exceptionally(e -> -1)).toArray(CompletableFuture[]::new))
                .join();
        long commits = writer.commits();
        writer.close();
        assertEquals(1, done.get(0).join());
        assertEquals(1, done.get(1).join());
        assertThrows(CompletionException.class, () -> done.get(2).join(), "the repeated key a fails");
        assertEquals(1, done.get(3).join());
        assertThrows(CompletionException.class, () -> done.get(4).join(), "the repeated key b fails");
        assertEquals(3, count());
        assertEquals(2, commits, "the holding unit's commit, then one for all five units");
    }

    private static int insert(Connection c, String key) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO writer_t (k) VALUES (?)")) {
            ps.setString(1, key);
            return ps.executeUpdate();
        }
    }

    private static long count() throws SQLException {
        try (Connection c = Postgres.open(); var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM writer_t")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
