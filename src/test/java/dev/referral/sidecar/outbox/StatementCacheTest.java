package dev.referral.sidecar.outbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's connection keeps its statements: the same SQL is prepared once, a statement closed by its user stays
 * usable (only its parameters are cleared), and closing the connection really closes them.
 */
class StatementCacheTest {

    @TempDir
    Path dir;

    @Test
    void theSameSqlIsPreparedOnceAndSurvivesItsUsersClose() throws SQLException {
        try (Connection c = StatementCache.wrap(open())) {
            c.createStatement().execute("CREATE TABLE t (k TEXT)");
            PreparedStatement first;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k) VALUES (?)")) {
                ps.setString(1, "a");
                ps.executeUpdate();
                first = ps.unwrap(PreparedStatement.class);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k) VALUES (?)")) {
                assertSame(first, ps.unwrap(PreparedStatement.class), "prepared once");
                assertFalse(first.isClosed(), "a user's close keeps it");
                ps.setString(1, "b");
                ps.executeUpdate();
            }
            try (PreparedStatement other = c.prepareStatement("SELECT COUNT(*) FROM t")) {
                assertNotSame(first, other.unwrap(PreparedStatement.class));
                try (ResultSet rs = other.executeQuery()) {
                    rs.next();
                    assertEquals(2, rs.getLong(1));
                }
            }
            c.close();
            assertTrue(first.isClosed(), "closed with the connection");
        }
    }

    @Test
    void aBatchLeftHalfBuiltDoesNotRunWithTheNextUsers() throws SQLException {
        try (Connection c = StatementCache.wrap(open())) {
            c.createStatement().execute("CREATE TABLE t (k TEXT)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k) VALUES (?)")) {
                ps.setString(1, "abandoned");
                ps.addBatch();
                // its user failed here, before executeBatch
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k) VALUES (?)")) {
                ps.setString(1, "next");
                ps.addBatch();
                assertArrayEquals(new int[] { 1 }, ps.executeBatch());
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT group_concat(k) FROM t"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals("next", rs.getString(1));
            }
        }
    }

    @Test
    void keepsAtMostItsLimitOfStatements() throws SQLException {
        try (Connection c = StatementCache.wrap(open())) {
            PreparedStatement oldest;
            try (PreparedStatement ps = c.prepareStatement("SELECT 0")) {
                oldest = ps.unwrap(PreparedStatement.class);
            }
            for (int i = 1; i <= StatementCache.MAX_STATEMENTS; i++) {
                c.prepareStatement("SELECT " + i).close();
            }
            assertTrue(oldest.isClosed(), "the least recently used statement was closed");
        }
    }

    private Connection open() throws SQLException {
        return new org.sqlite.JDBC().connect("jdbc:sqlite:" + dir.resolve("cache.db"), new java.util.Properties());
    }
}
