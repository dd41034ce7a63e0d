package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Plain JDBC for the table classes: a statement with positional arguments, run and read in one call. */
final class Jdbc {

    private Jdbc() {
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    /** The first column of the first row, or 0 when there is none. */
    static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static List<Long> ids(Connection c, String sql, Object... args) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    static Optional<OutboxEntry> one(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(OutboxEntry.from(rs)) : Optional.empty();
        }
    }

    /**
     * The row of the last of two statements sent as one (PostgreSQL's driver sends them in one round trip and the
     * server runs them in order, each with its own snapshot); the first statement's result is skipped.
     */
    static Optional<OutboxEntry> oneAfter(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            ps.execute();
            if (!ps.getMoreResults()) {
                throw new SQLException("the second statement of \"" + sql + "\" returned no rows");
            }
            try (ResultSet rs = ps.getResultSet()) {
                return rs.next() ? Optional.of(OutboxEntry.from(rs)) : Optional.empty();
            }
        }
    }

    /**
     * One statement run once per argument list, sent together (PostgreSQL's driver sends a batch in one round trip;
     * the server runs it in order, in the caller's transaction); how many rows each run changed, in order.
     */
    static int[] batch(Connection c, String sql, List<Object[]> argLists) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] args : argLists) {
                bind(ps, args);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    /**
     * An insert ({@code ... ON CONFLICT DO NOTHING RETURNING} {@code columns} numbers) run once per argument list,
     * sent together as {@link #batch}: per run, in order, the row it inserted as numbers, or null when it inserted
     * none. Its columns must be of fixed size, or PostgreSQL's driver sends each run in a round trip of its own.
     */
    static List<long[]> batchReturning(Connection c, String sql, List<Object[]> argLists, int columns)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            for (Object[] args : argLists) {
                bind(ps, args);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            List<long[]> rows = new ArrayList<>(counts.length);
            try (ResultSet returned = ps.getGeneratedKeys()) {
                for (int count : counts) {
                    if (count != 0 && count != 1) {
                        throw new SQLException("a batched insert reported " + count + " rows, not 0 or 1");
                    }
                    long[] row = null;
                    if (count == 1) {
                        if (!returned.next()) {
                            throw new SQLException("a batched insert gave back fewer rows than it inserted");
                        }
                        row = new long[columns];
                        for (int i = 0; i < columns; i++) {
                            row[i] = returned.getLong(i + 1);
                        }
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    /** The ids (in order) whose run of a {@link #batch} changed one row. */
    static List<Long> changed(List<Long> ids, int[] counts) {
        List<Long> changed = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            if (counts[i] == 1) {
                changed.add(ids.get(i));
            }
        }
        return changed;
    }

    /**
     * The outbox rows of {@code ids}, in that order, read in one statement: the ids go as one argument, an array on
     * PostgreSQL and a JSON array on SQLite.
     */
    static List<OutboxEntry> rows(Connection c, boolean postgres, List<Long> ids) throws SQLException {
        String list = ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        Map<Long, OutboxEntry> byId = new HashMap<>();
        for (OutboxEntry row : many(c, Outbox.SELECT + (postgres ? "WHERE id = ANY(CAST(? AS BIGINT[]))"
                : "WHERE id IN (SELECT value FROM json_each(?))"), postgres ? "{" + list + "}" : "[" + list + "]")) {
            byId.put(row.id(), row);
        }
        return ids.stream().map(byId::get).toList();
    }

    static List<OutboxEntry> many(Connection c, String sql, Object... args) throws SQLException {
        List<OutboxEntry> rows = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(OutboxEntry.from(rs));
            }
        }
        return rows;
    }

    /**
     * The statement with its arguments set; closed here if setting one fails, since the caller's try-with-resources
     * never received it (the pool does not close forgotten statements: statement-leak detection is off).
     */
    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            bind(ps, args);
            return ps;
        } catch (SQLException | RuntimeException e) {
            try {
                ps.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
