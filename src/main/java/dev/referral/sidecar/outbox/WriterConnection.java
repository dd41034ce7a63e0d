package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.quarkus.logging.Log;

/**
 * A {@link StoreWriter}'s connection: kept between groups with the statements it prepared ({@link StatementCache}),
 * in auto-commit between them, dropped after a failure of the connection itself and opened again by the next group;
 * and the ways a group's transaction ends on it. Only the writer's thread touches it.
 */
final class WriterConnection {

    private final StoreWriter.Connections connections;
    private Connection connection;

    WriterConnection(StoreWriter.Connections connections) {
        this.connections = connections;
    }

    /** The connection, opened when there is none. */
    Connection get() throws SQLException {
        if (connection == null) {
            connection = StatementCache.wrap(connections.open());
        }
        return connection;
    }

    /** Back to auto-commit after a group; the group's outcome stands whatever happens here. */
    void leaveTransaction() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            drop();
        }
    }

    /** Closes the connection; the next group opens a new one. */
    void drop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                Log.debugf("Closing the writer's connection failed: %s", e.getSQLState());
            }
            connection = null;
        }
    }

    /**
     * After a statement failed outside a transaction: drops the connection when the failure was the connection's
     * (SQLState class 08, or none) rather than the statement's.
     */
    void dropIfBroken(Exception failed) {
        if (failed instanceof SQLException e && (e.getSQLState() == null || e.getSQLState().startsWith("08"))) {
            drop();
        }
    }

    /**
     * PostgreSQL: commits without waiting for the server's flush. The setting, read by the server at commit, and the
     * commit go in one round trip; the setting ends with the transaction.
     */
    static void commitUnflushed(Connection c) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute("SET LOCAL synchronous_commit TO OFF; COMMIT");
        }
    }

    static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            Log.debugf("Rollback after a failed group failed too: %s", e.getSQLState());
        }
    }
}
