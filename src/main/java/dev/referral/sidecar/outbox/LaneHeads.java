package dev.referral.sidecar.outbox;

/**
 * What makes a row its lane's head, the SQL behind per-customer order: a lane's next row is sent only when every
 * earlier row is delivered, cancelled or discarded. {@link Outbox} claims and checks heads with it; the plans are
 * checked by LaneIndexTest (SQLite) and DueHeadsPlanPostgresTest (PostgreSQL, stale statistics both ways).
 */
final class LaneHeads {

    /**
     * Rows that hold up later rows of their lane: the first open row of the lane (a row without a lane heads itself).
     * A scalar subquery, one probe of the row's own lane in outbox_lane_open whatever the planner's statistics: as a
     * {@code NOT EXISTS} anti-join, PostgreSQL believing the queue empty compared every pending row with every open
     * row (13 s a pass over 10,000 queued rows).
     */
    static final String HEAD_OF_LANE = "(outbox.lane IS NULL OR outbox.id = (SELECT MIN(p.id) FROM outbox p "
            + "WHERE p.lane = outbox.lane AND p.state IN ('PENDING', 'DEAD')))";

    private LaneHeads() {
    }

    /**
     * Due heads of their lanes, in the order they fell due, read through outbox_pending (V6) from its unparked rows
     * up to {@code now}: a row queued behind an open row of its lane is parked and never read, nor is a row whose next
     * attempt is still to come, so a pass reads about as many rows as it claims however long the backlog (the head
     * probe stays, as the fence of per-customer order). {@code relaysOnly}: relayed webhooks only, through
     * outbox_relays, for passes while writes are paused.
     */
    static String dueHeads(boolean relaysOnly) {
        return "SELECT id FROM outbox WHERE state = 'PENDING' "
                + (relaysOnly ? "AND operation = 'RELAY' " : "AND parked = 0 ")
                + "AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) AND " + HEAD_OF_LANE
                + " ORDER BY next_attempt_at, id LIMIT ?";
    }
}
