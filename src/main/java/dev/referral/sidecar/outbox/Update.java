package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A write that is one statement changing rows, with its arguments (a delivered mark). Run alone it is one
 * {@link Jdbc#update}; where a writer's group holds several in a row of the same statement, {@link WriteGroup} runs
 * them as one batch, which PostgreSQL's driver sends in one round trip instead of one each. The result is how many
 * rows the statement changed.
 */
record Update(String sql, Object... args) implements Store.Work<Integer> {

    @Override
    public Integer run(Connection connection) throws SQLException {
        return Jdbc.update(connection, sql, args);
    }

    /** True when {@code work} is an update of the same statement as this one: both can go in one batch. */
    boolean batchesWith(Store.Work<?> work) {
        return work instanceof Update other && other.sql.equals(sql);
    }
}
