package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's one writer on a real SQLite file: a unit that fails is undone alone, and a store that cannot write
 * (disk full, read-only file; simulated by opening the file read-only, which holds even for root) fails every caller
 * of the group with a 503 and stores none of them.
 */
class StoreWriterTest {

    private Path file;

    @BeforeEach
    void database() throws Exception {
        file = Files.createTempDirectory(Path.of("target"), "writer-").resolve("store.db");
        try (Connection c = open("")) {
            c.createStatement().executeUpdate("CREATE TABLE t (k VARCHAR(20) PRIMARY KEY)");
        }
    }

    @Test
    void aFailingUnitIsUndoneAloneAndTheRestOfItsGroupCommits() throws Exception {
        StoreWriter writer = new StoreWriter(() -> open(""), 256, 4096, "store-writer");
        List<CompletableFuture<Integer>> done = new ArrayList<>();
        for (String key : List.of("a", "b", "a", "c")) {
            done.add(writer.submit(c -> insert(c, key)));
        }
        CompletableFuture.allOf(done.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
                .join();
        writer.close();
        assertEquals(1, done.get(0).join());
        assertThrows(CompletionException.class, () -> done.get(2).join(), "the repeated key fails");
        assertEquals(3, count());
    }

    @Test
    void aStoreThatCannotWriteFailsEveryCallerOfTheGroupAndStoresNone() throws Exception {
        StoreWriter writer = new StoreWriter(() -> open("?open_mode=1"), 256, 4096, "store-writer");
        List<CompletableFuture<Integer>> done = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "k" + i;
            done.add(writer.submit(c -> insert(c, key)));
        }
        for (CompletableFuture<Integer> caller : done) {
            CompletionException failed = assertThrows(CompletionException.class, caller::join);
            StoreException unavailable = assertInstanceOf(StoreException.class, failed.getCause());
            assertEquals(503, unavailable.problem().status());
        }
        writer.close();
        assertEquals(0, count());
    }

    /**
     * The writer keeps its connection between groups; when that connection breaks (a restarted server, a closed
     * file handle), the group on it fails with 503 and the next group opens a new one.
     */
    @Test
    void aBrokenKeptConnectionFailsOneGroupAndTheNextGroupReconnects() throws Exception {
        List<Connection> opened = new ArrayList<>();
        StoreWriter writer = new StoreWriter(() -> {
            Connection c = open("");
            opened.add(c);
            return c;
        }, 256, 4096, "store-writer");
        assertEquals(1, writer.submit(c -> insert(c, "a")).join());
        assertEquals(1, writer.submit(c -> insert(c, "b")).join());
        assertEquals(1, opened.size(), "one connection for both groups");
        opened.get(0).close();
        CompletionException failed = assertThrows(CompletionException.class,
                () -> writer.submit(c -> insert(c, "c")).join());
        assertInstanceOf(StoreException.class, failed.getCause());
        assertEquals(1, writer.submit(c -> insert(c, "d")).join());
        writer.close();
        assertEquals(2, opened.size(), "reopened after the failure");
        assertEquals(3, count());
    }

    /**
     * A writer that is not keeping up (here: its connection takes forever to open, as on a stalled disk) holds at most
     * its queue: the next write is refused at once with 503 rather than piling up in memory, and every write it did
     * take is committed once the writer moves again.
     */
    @Test
    void aWriterThatIsNotKeepingUpRefusesWritesBeyondItsQueueAtOnce() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        StoreWriter writer = new StoreWriter(() -> {
            await(stalled);
            return open("");
        }, 256, 10, "store-writer");
        List<CompletableFuture<Integer>> taken = new ArrayList<>();
        taken.add(writer.submit(c -> insert(c, "first")));
        awaitTaken(writer);
        for (int i = 0; i < 10; i++) {
            String key = "k" + i;
            taken.add(writer.submit(c -> insert(c, key)));
        }

        CompletableFuture<Integer> refused = writer.submit(c -> insert(c, "one too many"));

        CompletionException failed = assertThrows(CompletionException.class, refused::join);
        assertEquals(503, assertInstanceOf(StoreException.class, failed.getCause()).problem().status());
        assertEquals(1, writer.refused());
        stalled.countDown();
        for (CompletableFuture<Integer> write : taken) {
            assertEquals(1, write.get(10, TimeUnit.SECONDS));
        }
        writer.close();
        assertEquals(11, count(), "every write it took was stored, the refused one was not");
    }

    /** The common case, no unit failing, costs no savepoint (a round trip each on PostgreSQL). */
    @Test
    void aGroupInWhichNoUnitFailsSetsNoSavepoint() throws Exception {
        AtomicInteger savepoints = new AtomicInteger();
        StoreWriter writer = new StoreWriter(() -> countingSavepoints(open(""), savepoints), 256, 4096, "store-writer");
        List<Store.Work<Integer>> units = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = "k" + i;
            units.add(c -> insert(c, key));
        }
        List<CompletableFuture<Integer>> done = inOneGroup(writer, units);
        done.forEach(f -> assertEquals(1, f.join()));
        writer.close();

        assertEquals(2, writer.commits(), "the held unit, then the ten together");
        assertEquals(0, savepoints.get());
        assertEquals(0, writer.rerunGroups());
        assertEquals(10, count());
    }

    /**
     * A unit that fails in a group run without savepoints: the group is undone and run again with a savepoint per
     * unit, so only the failing unit is lost and every other unit is committed exactly once.
     */
    @Test
    void aGroupWithAFailingUnitIsRunAgainWithSavepoints() throws Exception {
        AtomicInteger savepoints = new AtomicInteger();
        StoreWriter writer = new StoreWriter(() -> countingSavepoints(open(""), savepoints), 256, 4096, "store-writer");
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        List<Store.Work<Integer>> units = new ArrayList<>();
        for (String key : List.of("a", "b", "a", "c")) {
            units.add(c -> {
                runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                return insert(c, key);
            });
        }
        List<CompletableFuture<Integer>> done = inOneGroup(writer, units);
        writer.close();

        assertEquals(1, done.get(0).join());
        assertEquals(1, done.get(1).join());
        assertThrows(CompletionException.class, () -> done.get(2).join(), "the repeated key fails");
        assertEquals(1, done.get(3).join());
        assertEquals(1, writer.rerunGroups());
        assertEquals(4, savepoints.get(), "one per unit, in the second run only");
        assertEquals(2, runs.get("b").get(), "b ran in the undone first run, then again");
        assertEquals(1, runs.get("c").get(), "the first run stopped at the failing unit");
        assertEquals(3, count());
    }

    /**
     * A write nobody waits for promptly (a delivered mark), taken alone, waits for the next write and shares its
     * commit: one commit for both instead of two. It runs its statements at once, inside the transaction it then
     * keeps open for the linger, so the write that joins it waits only for its own statements before the shared
     * commit, not for the mark's too. The linger is long here so that the test does not depend on the machine's
     * speed; the shipped one is 4 ms per writer (MarkLingerTest).
     */
    @Test
    void aWriteNobodyWaitsForRunsAtOnceAndSharesTheCommitOfTheNextWrite() throws Exception {
        StoreWriter writer = new StoreWriter(() -> open(""), 256, 4096, "store-writer", Duration.ofSeconds(10));
        CountDownLatch markRan = new CountDownLatch(1);
        CompletableFuture<Integer> mark = writer.submitLater(c -> {
            int n = insert(c, "mark");
            markRan.countDown();
            return n;
        });
        awaitTaken(writer);
        assertTrue(markRan.await(5, TimeUnit.SECONDS), "the mark ran while its group lingered");
        assertEquals(0, writer.commits(), "and waits for company before it commits");
        CompletableFuture<Integer> accept = writer.submit(c -> insert(c, "accept"));

        assertEquals(1, accept.get(5, TimeUnit.SECONDS));
        assertEquals(1, mark.get(5, TimeUnit.SECONDS));
        writer.close();
        assertEquals(1, writer.commits(), "both writes in one commit");
        assertEquals(2, count());
    }

    /** A write somebody waits for never lingers, alone or behind a mark that does; a mark alone commits after it. */
    @Test
    void anAwaitedWriteDoesNotLingerAndALoneMarkCommitsAfterTheLinger() throws Exception {
        StoreWriter writer = new StoreWriter(() -> open(""), 256, 4096, "store-writer", Duration.ofSeconds(30));
        assertEquals(1, writer.submit(c -> insert(c, "awaited")).get(10, TimeUnit.SECONDS),
                "committed at once, not after the 30 s linger");
        writer.close();

        StoreWriter quick = new StoreWriter(() -> open(""), 256, 4096, "store-writer", Duration.ofMillis(50));
        assertEquals(1, quick.submitLater(c -> insert(c, "alone")).get(10, TimeUnit.SECONDS));
        quick.close();
        assertEquals(1, quick.commits());
        assertEquals(2, count());
    }

    /** A mark that fails when it runs does not linger: it fails at once, and the next write commits on its own. */
    @Test
    void aMarkThatFailsFailsAtOnceInsteadOfLingering() throws Exception {
        StoreWriter writer = new StoreWriter(() -> open(""), 256, 4096, "store-writer", Duration.ofSeconds(30));
        assertEquals(1, writer.submit(c -> insert(c, "taken")).get(5, TimeUnit.SECONDS));
        CompletableFuture<Integer> mark = writer.submitLater(c -> insert(c, "taken"));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> mark.get(5, TimeUnit.SECONDS),
                "failed within 5 s, not after the 30 s linger");
        assertInstanceOf(StoreException.class, failed.getCause());
        assertEquals(1, writer.submit(c -> insert(c, "next")).get(5, TimeUnit.SECONDS));
        writer.close();
        assertEquals(2, count());
    }

    /**
     * The write that joins a lingering mark fails: the group is undone and run again with savepoints, so the mark,
     * already run once, commits, and only the failing write is lost.
     */
    @Test
    void aFailingWriteThatJoinsALingeringMarkIsUndoneAloneAndTheMarkCommits() throws Exception {
        StoreWriter writer = new StoreWriter(() -> open(""), 256, 4096, "store-writer", Duration.ofSeconds(10));
        assertEquals(1, writer.submit(c -> insert(c, "taken")).get(5, TimeUnit.SECONDS));
        CompletableFuture<Integer> mark = writer.submitLater(c -> insert(c, "mark"));
        awaitTaken(writer);
        CompletableFuture<Integer> accept = writer.submit(c -> insert(c, "taken"));

        assertThrows(ExecutionException.class, () -> accept.get(5, TimeUnit.SECONDS), "the reused key fails");
        assertEquals(1, mark.get(5, TimeUnit.SECONDS));
        writer.close();
        assertEquals(1, writer.rerunGroups(), "the group ran again with savepoints");
        assertEquals(2, count(), "the first write and the mark");
    }

    private static void awaitTaken(StoreWriter writer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (writer.queued() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(0, writer.queued(), "the writer took the first write");
    }

    /**
     * Submits {@code units} while the writer runs a unit of its own that waits for them, so they form the next group;
     * returns once every one has its outcome.
     */
    static <T> List<CompletableFuture<T>> inOneGroup(StoreWriter writer, List<? extends Store.Work<T>> units) {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        CompletableFuture<Object> holding = writer.submit(c -> {
            running.countDown();
            await(queued);
            return null;
        });
        await(running);
        List<CompletableFuture<T>> done = units.stream().map(u -> writer.<T>submit(u)).toList();
        queued.countDown();
        holding.join();
        CompletableFuture.allOf(done.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
                .join();
        return done;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Connection countingSavepoints(Connection c, AtomicInteger savepoints) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("setSavepoint")) {
                        savepoints.incrementAndGet();
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Through the driver's own data source: DriverManager may not see the driver after a Quarkus test ran. */
    private Connection open(String options) throws SQLException {
        return new org.sqlite.JDBC().connect("jdbc:sqlite:" + file + options, new java.util.Properties());
    }

    private static int insert(Connection c, String key) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO t (k) VALUES (?)")) {
            ps.setString(1, key);
            return ps.executeUpdate();
        }
    }

    private long count() throws SQLException {
        try (Connection c = open(""); var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
