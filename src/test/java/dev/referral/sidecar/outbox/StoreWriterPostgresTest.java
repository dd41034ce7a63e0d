package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
 * same commit (the savepoints of units that succeeded are left open for the commit to end). A self-committing write
 * alone runs in auto-commit (one round trip); a group of marks alone commits without waiting for the flush.
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
        // The writer waits inside this first group, so the next five units queue up and form one group.
        CompletableFuture<Boolean> first = holding(writer, hold);
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

    @Test
    void aSelfCommittingWriteAloneRunsInAutoCommitAndTheServerCommitsItsStatementsAsOne() throws Exception {
        StoreWriter writer = StoreWriter.unflushedLater(Postgres::open, 256, 4096, "store-writer-test");
        boolean autoCommit = writer.submitSelfCommitting(c -> {
            // Two statements sent as one request, as an accept's lock and insert are.
            try (var ps = c.prepareStatement("INSERT INTO writer_t (k) VALUES (?); INSERT INTO writer_t (k) VALUES (?)")) {
                ps.setString(1, "a");
                ps.setString(2, "b");
                ps.execute();
            }
            return c.getAutoCommit();
        }).get(10, TimeUnit.SECONDS);
        long commits = writer.commits();
        writer.close();
        assertTrue(autoCommit, "no transaction of the writer's: no BEGIN, no COMMIT round trip");
        assertEquals(2, count());
        assertEquals(1, commits);
    }

    @Test
    void aSelfCommittingWriteThatFailsStoresNothingAndTheWriterGoesOn() throws Exception {
        StoreWriter writer = StoreWriter.unflushedLater(Postgres::open, 256, 4096, "store-writer-test");
        CompletableFuture<Boolean> failing = writer.submitSelfCommitting(c -> {
            // The second statement fails: the server rolls back the first with it.
            try (var ps = c.prepareStatement("INSERT INTO writer_t (k) VALUES (?); INSERT INTO writer_t (k) VALUES (?)")) {
                ps.setString(1, "x");
                ps.setString(2, "x");
                return ps.execute();
            }
        });
        CompletionException failed = assertThrows(CompletionException.class, failing::join);
        assertTrue(failed.getCause() instanceof StoreException store && store.uniqueViolation(), failed.toString());
        assertEquals(0, count(), "nothing of the failing request is stored");
        assertEquals(1, writer.submit(c -> insert(c, "y")).get(10, TimeUnit.SECONDS));
        writer.close();
        assertEquals(1, count());
    }

    @Test
    void aSelfCommittingWriteQueuedWithOthersSharesTheirTransaction() throws Exception {
        StoreWriter writer = StoreWriter.unflushedLater(Postgres::open, 256, 4096, "store-writer-test");
        CountDownLatch hold = new CountDownLatch(1);
        CompletableFuture<Boolean> first = holding(writer, hold);
        CompletableFuture<Integer> awaited = writer.submit(c -> insert(c, "a"));
        CompletableFuture<Boolean> together = writer.submitSelfCommitting(c -> {
            insert(c, "b");
            return c.getAutoCommit();
        });
        hold.countDown();
        first.join();
        assertEquals(1, awaited.get(10, TimeUnit.SECONDS));
        assertFalse(together.get(10, TimeUnit.SECONDS), "inside the group's transaction");
        long commits = writer.commits();
        writer.close();
        assertEquals(2, count());
        assertEquals(2, commits, "the holding unit's commit, then one for both");
    }

    /**
     * A group of delivered marks alone asks the server for a commit that does not wait for its log's flush (the next
     * durable commit flushes it); a group with a write someone waits for commits durably. The setting is the
     * transaction's own: the next group's commit is durable again.
     */
    @Test
    void marksAloneCommitWithoutWaitingForTheFlushAndAwaitedWritesStillWait() throws Exception {
        List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        StoreWriter writer = StoreWriter.unflushedLater(() -> recording(Postgres.open(), calls), 256, 4096,
                "store-writer-test");
        assertEquals(1, writer.submitLater(c -> insert(c, "mark")).get(10, TimeUnit.SECONDS));
        assertEquals(List.of("execute SET LOCAL synchronous_commit TO OFF; COMMIT"), committing(calls));
        assertEquals(1, count(), "committed: another connection sees it");
        calls.clear();
        String setting = writer.submit(c -> {
            insert(c, "accept");
            try (var rs = c.createStatement().executeQuery("SHOW synchronous_commit")) {
                rs.next();
                return rs.getString(1);
            }
        }).get(10, TimeUnit.SECONDS);
        writer.close();
        assertEquals("on", setting, "the mark's setting ended with its transaction");
        assertEquals(List.of("commit"), committing(calls));
        assertEquals(2, count());
    }

    /**
     * A delivered mark alone ({@link Update}) is one statement in auto-commit that sets {@code synchronous_commit} off
     * for its own transaction: no BEGIN, no COMMIT round trip. A trigger records the setting in force as each update
     * runs: off for the lone mark, on again for the next update, which someone waits for.
     */
    @Test
    void aMarkAloneIsOneUnflushedStatementInAutoCommit() throws Exception {
        try (Connection c = Postgres.open(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS writer_settings");
            s.execute("CREATE TABLE writer_settings (k VARCHAR(20), setting TEXT, n SERIAL)");
            s.execute("CREATE OR REPLACE FUNCTION writer_t_setting() RETURNS trigger AS $$ BEGIN "
                    + "INSERT INTO writer_settings (k, setting) VALUES (NEW.k, current_setting('synchronous_commit')); "
                    + "RETURN NEW; END $$ LANGUAGE plpgsql");
            s.execute("CREATE TRIGGER writer_t_setting AFTER UPDATE ON writer_t FOR EACH ROW "
                    + "EXECUTE FUNCTION writer_t_setting()");
            s.execute("INSERT INTO writer_t (k) VALUES ('a'), ('b')");
        }
        List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        StoreWriter writer = StoreWriter.unflushedLater(() -> recording(Postgres.open(), calls), 256, 4096,
                "store-writer-test");
        assertEquals(1, writer.submitLater(new Update("UPDATE writer_t SET k = ? WHERE k = ?", "a2", "a"))
                .get(10, TimeUnit.SECONDS));
        assertEquals(List.of(), committing(calls), "the server committed it as it answered");
        assertEquals(1, writer.commits());
        assertEquals(1, writer.submit(new Update("UPDATE writer_t SET k = ? WHERE k = ?", "b2", "b"))
                .get(10, TimeUnit.SECONDS));
        writer.close();
        assertEquals(List.of("commit"), committing(calls), "the awaited update commits durably");
        try (Connection c = Postgres.open(); var rs = c.createStatement()
                .executeQuery("SELECT k || '=' || setting FROM writer_settings ORDER BY n")) {
            List<String> settings = new ArrayList<>();
            while (rs.next()) {
                settings.add(rs.getString(1));
            }
            assertEquals(List.of("a2=off", "b2=on"), settings);
        }
        assertEquals(2, count());
    }

    /**
     * Under load a group of marks does not commit alone: the writes that queued while its marks ran join it, and all
     * commit durably in one commit, as they did when marks lingered.
     */
    @Test
    void aWriteQueuedWhileMarksRunJoinsThemInOneDurableCommit() throws Exception {
        List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        StoreWriter writer = StoreWriter.unflushedLater(() -> recording(Postgres.open(), calls), 256, 4096,
                "store-writer-test");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> mark = writer.submitLater(c -> {
            running.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return insert(c, "mark");
        });
        assertTrue(running.await(10, TimeUnit.SECONDS), "the writer runs the mark");
        CompletableFuture<Integer> accept = writer.submit(c -> insert(c, "accept"));
        release.countDown();
        assertEquals(1, mark.get(10, TimeUnit.SECONDS));
        assertEquals(1, accept.get(10, TimeUnit.SECONDS));
        long commits = writer.commits();
        writer.close();
        assertEquals(1, commits, "one commit for the mark and the write that queued while it ran");
        assertEquals(List.of("commit"), committing(calls), "durable: someone waits for it");
        assertEquals(2, count());
    }

    /** Takes {@code writer} with a unit that waits for {@code hold}: what is queued meanwhile forms one group. */
    private static CompletableFuture<Boolean> holding(StoreWriter writer, CountDownLatch hold)
            throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
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
        return first;
    }

    /** The calls of {@link #recording} that commit. */
    private static List<String> committing(List<String> calls) {
        synchronized (calls) {
            return calls.stream().filter(call -> call.contains("COMMIT") || call.equals("commit")).toList();
        }
    }

    /** {@code c}, noting its commits and the SQL its plain statements execute in {@code calls}. */
    private static Connection recording(Connection c, List<String> calls) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        calls.add("commit");
                    }
                    Object result = invoke(method, c, args);
                    if (method.getName().equals("createStatement") && result instanceof Statement statement) {
                        return Proxy.newProxyInstance(Statement.class.getClassLoader(),
                                new Class<?>[] {Statement.class}, (p, m, a) -> {
                                    if (m.getName().equals("execute") && a != null && a.length == 1) {
                                        calls.add("execute " + a[0]);
                                    }
                                    return invoke(m, statement, a);
                                });
                    }
                    return result;
                });
    }

    /** {@code method} on {@code target}, throwing what it throws (for the recording proxies). */
    static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
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
