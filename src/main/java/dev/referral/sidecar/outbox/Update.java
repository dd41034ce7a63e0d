package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A write that is one statement changing rows, with its arguments (a delivered mark). Run alone it is one
 * {@link Jdbc#update}; where a writer's group holds several in a row of the same statement, {@link WriteGroup} runs
 * them as one batch, which PostgreSQL's driver sends in one round trip instead of one each. The result is how many
 * rows the statement changed. The only updates made so are delivered marks ({@link Outbox#delivered}), which close
 * their row: one may pass the accepts queued before it in its group ({@link #passes}), so that the group's marks go in
 * one batch and its accepts in another instead of alternating.
 */
record Update(String sql, Object... args) implements Batchable<Integer> {

    /** Joined to an update, evaluated once: the update's transaction commits without waiting for the flush. */
    private static final String UNFLUSHED = " FROM (SELECT set_config('synchronous_commit', 'off', true)) AS unflushed";
    /** {@link #unflushed} statements by the statement they were made from (the few statements of marks). */
    private static final Map<String, String> UNFLUSHED_SQL = new ConcurrentHashMap<>();

    @Override
    public Integer run(Connection connection) throws SQLException {
        return Jdbc.update(connection, sql, args);
    }

    /**
     * PostgreSQL: this update as one statement that also sets {@code synchronous_commit} off for its own transaction,
     * to be run in auto-commit: the server commits it without waiting for its log's flush before it answers, one round
     * trip instead of the two of an update and a {@code SET LOCAL ...; COMMIT}. The setting is read at commit and ends
     * with the transaction. {@code sql} is an {@code UPDATE ... SET ... WHERE ...} without a {@code FROM} of its own
     * and without a {@code WHERE} before its own (none in its {@code SET}), as a delivered mark's is.
     */
    Update unflushed() {
        // Rewritten once per statement: each mark then hands the statement cache the same string (its hash kept).
        return new Update(UNFLUSHED_SQL.computeIfAbsent(sql, Update::unflushedSql), args);
    }

    private static String unflushedSql(String sql) {
        int where = sql.indexOf(" WHERE ");
        return sql.substring(0, where) + UNFLUSHED + sql.substring(where);
    }

    /** True when {@code work} is an update of the same statement as this one: both can go in one batch. */
    @Override
    public boolean batchesWith(Store.Work<?> work) {
        return work instanceof Update other && other.sql.equals(sql);
    }

    /**
     * A mark may run before an accept queued ahead of it: an accept of the same lane then finds the row closed and
     * its new row heads the lane (sent at once) instead of waiting parked behind it until the mark's trigger unparks
     * it in the same commit; an accept of the row's own key finds it delivered instead of about to be. Either is
     * what the accept would have seen had the mark come a moment sooner.
     */
    @Override
    public boolean passes(Store.Work<?> earlier) {
        return earlier instanceof LaneAccept<?>;
    }

    @Override
    public List<Integer> runTogether(Connection c, List<Store.Work<?>> works) throws SQLException {
        List<Object[]> argLists = new ArrayList<>(works.size());
        works.forEach(w -> argLists.add(((Update) w).args()));
        return Arrays.stream(Jdbc.batch(c, sql, argLists)).boxed().toList();
    }
}
