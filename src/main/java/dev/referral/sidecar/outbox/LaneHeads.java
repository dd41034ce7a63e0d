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
     * The oldest due heads of their lanes, read in id order through outbox_pending (pending rows only, V5): the walk
     * stops at the last head it needs instead of sorting the whole backlog (next_attempt_at is a filter, not an index
     * bound), and never walks the delivered rows, whatever the planner's statistics say.
     */
    static String dueHeads(String operations) {
        return "SELECT id FROM outbox WHERE state = 'PENDING' " + operations + "AND next_attempt_at <= ? "
                + "AND (claimed_until IS NULL OR claimed_until < ?) AND " + HEAD_OF_LANE + " ORDER BY id LIMIT ?";
    }
}
