package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Update}s of one statement in a row in a writer's group (delivered marks) run as one batch, one round trip to
 * PostgreSQL instead of one each: in queue order, each caller with its own count of changed rows, and a failing one
 * undone alone as any failing unit is. Through the writer's real path (its kept statements, {@link StatementCache}).
 */
abstract class UpdateBatchContract {

    private static final String RENAME = "UPDATE batch_t SET k = ? WHERE k = ?";

    /** A new connection to the store under test. */
    abstract Connection open() throws SQLException;

    @BeforeEach
    void rows() throws SQLException {
        try (Connection c = open()) {
            c.createStatement().execute("DROP TABLE IF EXISTS batch_t");
            c.createStatement().execute("CREATE TABLE batch_t (k VARCHAR(20) PRIMARY KEY)");
            c.createStatement().execute("INSERT INTO batch_t (k) VALUES ('a'), ('b'), ('c')");
        }
    }

    @Test
    void updatesOfOneStatementInARowGoAsOneBatchInOrderEachWithItsOwnCount() throws Exception {
        List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
        StoreWriter writer = new StoreWriter(() -> StatementCache.wrap(countingBatches(open(), batches)), 256, 4096,
                "update-batch-test");
        List<CompletableFuture<Integer>> done = StoreWriterTest.inOneGroup(writer, List.<Store.Work<Integer>>of(
                new Update(RENAME, "a2", "a"),
                new Update(RENAME, "x", "nobody"),
                c -> (int) count(c, "a2"),
                new Update(RENAME, "b2", "b"),
                new Update(RENAME, "c2", "b2"),
                new Update("DELETE FROM batch_t WHERE k = ?", "c")));
        writer.close();

        assertEquals(List.of(1, 0, 1, 1, 1, 1), done.stream().map(CompletableFuture::join).toList(),
                "each caller's count; the read between the batches saw the first one's change");
        assertEquals(List.of(2, 2), batches, "two batches of two; the read and the other statement ran alone");
        try (Connection c = open()) {
            assertEquals(1, count(c, "a2"));
            assertEquals(1, count(c, "c2"), "b became b2, then b2 became c2: in order");
            assertEquals(0, count(c, "c"));
        }
    }

    @Test
    void aFailingUpdateInABatchIsUndoneAloneAndTheOthersCommit() throws Exception {
        StoreWriter writer = new StoreWriter(() -> StatementCache.wrap(open()), 256, 4096, "update-batch-test");
        List<CompletableFuture<Integer>> done = StoreWriterTest.inOneGroup(writer, List.of(
                new Update(RENAME, "x", "a"),
                new Update(RENAME, "c", "b"),
                new Update(RENAME, "y", "c")));
        writer.close();

        assertEquals(1, done.get(0).join());
        assertThrows(CompletionException.class, () -> done.get(1).join(), "c exists: the key is taken");
        assertEquals(1, done.get(2).join());
        assertEquals(1, writer.rerunGroups());
        try (Connection c = open()) {
            assertEquals(1, count(c, "x"));
            assertEquals(1, count(c, "b"), "the failing rename is undone");
            assertEquals(1, count(c, "y"));
        }
    }

    private static long count(Connection c, String key) throws SQLException {
        return Jdbc.count(c, "SELECT COUNT(*) FROM batch_t WHERE k = ?", key);
    }

    /** {@code c}, noting the size of every batch its prepared statements execute in {@code batches}. */
    static Connection countingBatches(Connection c, List<Integer> batches) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = StoreWriterPostgresTest.invoke(method, c, args);
                    if (result instanceof PreparedStatement statement) {
                        int[] added = {0};
                        return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                                new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
                                    if (m.getName().equals("addBatch")) {
                                        added[0]++;
                                    } else if (m.getName().equals("executeBatch")) {
                                        batches.add(added[0]);
                                        added[0] = 0;
                                    }
                                    return StoreWriterPostgresTest.invoke(m, statement, a);
                                });
                    }
                    return result;
                });
    }
}
