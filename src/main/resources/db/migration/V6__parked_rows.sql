-- The dispatcher's pass walked the pending rows in id order until it had found enough due heads of their lanes.
-- When the heads wait for their next attempt (an outage), it walked every row queued behind them, with a head-of-lane
-- probe each: 101 ms a pass over 10,000 rows on PostgreSQL, once a second, for as long as the outage lasts.
-- A row accepted behind an open row of its lane (pending or dead) is now parked: it cannot be sent before the rows
-- ahead of it, so the pass has no reason to read it. When the row ahead of it closes (delivered, cancelled,
-- discarded, removed), the lane's new first open row is unparked in the same transaction (V7's triggers); the
-- dispatcher's sweep (Outbox.unparkHeads) unparks any head a concurrent accept left parked.
ALTER TABLE outbox ADD COLUMN parked INTEGER NOT NULL DEFAULT 0;
-- Rows already queued behind an open row of their lane when this migration runs.
UPDATE outbox SET parked = 1 WHERE state = 'PENDING' AND lane IS NOT NULL AND id > (SELECT MIN(p.id) FROM outbox p
    WHERE p.lane = outbox.lane AND p.state IN ('PENDING', 'DEAD'));
-- The pass reads the due unparked rows in the order they fall due, bounded by its time: rows that wait (parked, or
-- not due yet) are never read. The outbox figures count the pending rows through the same index.
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (parked, next_attempt_at, id) WHERE state = 'PENDING';
-- While writes to Partnero are paused (429, refused key, open breaker) a pass sends relayed webhooks only: they have
-- an index of their own, so such a pass never reads the purchases and sign-ups that wait for the pause to end. (Its
-- first column, constant in it, makes SQLite prefer it to outbox_dedupe, whose first column is the operation too.)
CREATE INDEX outbox_relays ON outbox (operation, next_attempt_at, id) WHERE state = 'PENDING' AND operation = 'RELAY';
