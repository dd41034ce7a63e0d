-- Up to V7, an accept on PostgreSQL that committed while the row ahead of it closed on another connection (or
-- replica) stayed parked: the closing transaction's trigger could not see it, and a sweep every 30 s unparked it.
-- The accept now locks its lane's first open row (OutboxIntake), so one of the two waits for the other and no row is
-- left so; the sweep is gone. This unparks the heads an earlier build left parked, once.
UPDATE outbox SET parked = 0 WHERE state = 'PENDING' AND parked = 1 AND id = (SELECT MIN(p.id) FROM outbox p
    WHERE p.lane = outbox.lane AND p.state IN ('PENDING', 'DEAD'));
