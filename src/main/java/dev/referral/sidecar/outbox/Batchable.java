package dev.referral.sidecar.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A write that can run together with writes of its kind queued right after it, in fewer round trips to the server
 * than one each ({@link WriteGroup}): delivered marks ({@link Update}), accepts of one entry ({@link LaneAccept}).
 * Run together, the writes give the results and leave the rows they would give and leave run one after the other.
 */
interface Batchable<T> extends Store.Work<T> {

    /** True when {@code next}, queued right after this write, can run together with it. */
    boolean batchesWith(Store.Work<?> next);

    /**
     * True when this write may run before {@code earlier}, queued ahead of it in the same group: the group commits
     * both at once or neither, so nobody sees the order, and either order leaves rows a caller may be told about.
     */
    default boolean passes(Store.Work<?> earlier) {
        return false;
    }

    /** Runs {@code works}, this write first and each batching with it, in their order; their results in that order. */
    List<?> runTogether(Connection c, List<Store.Work<?>> works) throws SQLException;
}
