package dev.referral.sidecar.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** One outbox row as read back from the store. {@code payload} is the operation's JSON (may hold an email). */
public record OutboxEntry(
        long id,
        Operation operation,
        String dedupeKey,
        String lane,
        String payload,
        String fingerprint,
        State state,
        int attempts,
        boolean maybeSent,
        Instant nextAttemptAt,
        String deadReason,
        String lastError,
        String result,
        Instant createdAt,
        Instant updatedAt) {

    /** Where a row is in its life. {@code blocked} is not a state: a pending row behind a dead one. */
    public enum State { PENDING, DELIVERED, DEAD, CANCELLED, DISCARDED }

    public static final String COLUMNS = "id, operation, dedupe_key, lane, payload, fingerprint, state, attempts, maybe_sent, "
            + "next_attempt_at, dead_reason, last_error, result, created_at, updated_at";

    public static OutboxEntry from(ResultSet rs) throws SQLException {
        return new OutboxEntry(rs.getLong("id"), Operation.valueOf(rs.getString("operation")),
                rs.getString("dedupe_key"), rs.getString("lane"), rs.getString("payload"), rs.getString("fingerprint"),
                State.valueOf(rs.getString("state")), rs.getInt("attempts"), rs.getInt("maybe_sent") != 0,
                Instant.ofEpochMilli(rs.getLong("next_attempt_at")), rs.getString("dead_reason"),
                rs.getString("last_error"), rs.getString("result"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    /** This row as its first attempt sees it: nothing sent before (the "may have been sent" mark is this attempt's). */
    public OutboxEntry firstAttempt() {
        return new OutboxEntry(id, operation, dedupeKey, lane, payload, fingerprint, state, 0, false, nextAttemptAt,
                deadReason, lastError, result, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "OutboxEntry[id=" + id + ", operation=" + operation + ", key=" + dedupeKey + ", state=" + state
                + ", attempts=" + attempts + "]";
    }
}
