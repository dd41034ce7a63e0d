package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
        StoreWriter writer = new StoreWriter(() -> open(""), 256, "store-writer");
        List<CompletableFuture<Integer>> done = new ArrayList<>();
        for (String key : List.of("a", "b", "a", "c")) {
            done.add(writer.submit(c -> insert(c, key)));
        }
        CompletableFuture.allOf(done.stream().map(f -> f.exceptionally(e -> -1)).toArray(CompletableFuture[]::new))
                .join();
        writer.close();
        assertEquals(1, done.get(0).join());
        assertThrows(CompletionException.class, () -> done.get(2).join(), "the repeated key fails");
        assertEquals(3, count());
    }

    @Test
    void aStoreThatCannotWriteFailsEveryCallerOfTheGroupAndStoresNone() throws Exception {
        StoreWriter writer = new StoreWriter(() -> open("?open_mode=1"), 256, "store-writer");
        List<CompletableFuture<Integer>> done = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "k" + i;
            done.add(writer.submit(c -> insert(c, key)));
        }
        for (CompletableFuture<Integer> caller : done) {
            CompletionException failed = assertThrows(CompletionException.class, caller::join);
            Store.StoreException unavailable = assertInstanceOf(Store.StoreException.class, failed.getCause());
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
        }, 256, "store-writer");
        assertEquals(1, writer.submit(c -> insert(c, "a")).join());
        assertEquals(1, writer.submit(c -> insert(c, "b")).join());
        assertEquals(1, opened.size(), "one connection for both groups");
        opened.get(0).close();
        CompletionException failed = assertThrows(CompletionException.class,
                () -> writer.submit(c -> insert(c, "c")).join());
        assertInstanceOf(Store.StoreException.class, failed.getCause());
        assertEquals(1, writer.submit(c -> insert(c, "d")).join());
        writer.close();
        assertEquals(2, opened.size(), "reopened after the failure");
        assertEquals(3, count());
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
