package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * One request at a time on a store with two writers (PostgreSQL's default): each request's acceptance goes to its
 * customer's writer, then its attempt runs, then its delivered mark, which nobody waits for, is queued on the same
 * writer. The next request's acceptance usually goes to the other writer, so a mark meets the next acceptance on its
 * own writer only a request later. The linger the store gives two writers lets it wait that long and share that
 * commit: about one commit per request instead of two (each a flush of the server's log).
 */
class MarkLingerTest {

    private static final int REQUESTS = 20;

    @Test
    void withTwoWritersAMarkWaitsForTheAcceptanceOneRequestLaterOnItsWriter() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "linger-");
        StoreWriter[] writers = {writer(dir.resolve("a.db"), "a"), writer(dir.resolve("b.db"), "b")};
        List<CompletableFuture<Integer>> marks = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            StoreWriter customersWriter = writers[i % 2];
            String key = "r" + i;
            assertEquals(1, customersWriter.submit(c -> insert(c, "accept-" + key)).get(10, TimeUnit.SECONDS));
            Thread.sleep(1); // the request's attempt upstream
            marks.add(customersWriter.submitLater(c -> insert(c, "mark-" + key)));
        }
        for (CompletableFuture<Integer> mark : marks) {
            assertEquals(1, mark.get(10, TimeUnit.SECONDS));
        }
        long commits = writers[0].commits() + writers[1].commits();
        for (StoreWriter w : writers) {
            w.close();
        }
        assertEquals(2L * REQUESTS, writers[0].writes() + writers[1].writes());
        // Each acceptance but the first two carries the mark of the request before the last; the last two marks
        // commit alone. A 1 ms linger gave 2 commits per request here (the other writer's commit and the attempt
        // take longer than that). Some slack for a machine that stalls a thread for longer than the linger.
        assertTrue(commits <= REQUESTS + 2 + REQUESTS / 4,
                commits + " commits for " + REQUESTS + " requests (a mark missed the next acceptance on its writer)");
    }

    private static StoreWriter writer(Path file, String name) throws SQLException {
        try (Connection c = open(file)) {
            c.createStatement().executeUpdate("CREATE TABLE t (k VARCHAR(20) PRIMARY KEY)");
        }
        return new StoreWriter(() -> open(file), 256, 4096, "store-writer-" + name, WriteQueue.linger(2));
    }

    private static Connection open(Path file) throws SQLException {
        return new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new java.util.Properties());
    }

    private static int insert(Connection c, String key) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO t (k) VALUES (?)")) {
            ps.setString(1, key);
            return ps.executeUpdate();
        }
    }
}
