-- V7's triggers ran on every close of an open row, to unpark the row behind it if any: on PostgreSQL a PL/pgSQL
-- call on every delivered sign-up, although a customer's only row has nothing behind it. And an accept that
-- committed on one connection while the row ahead of it closed on another stayed parked until a sweep every 30 s.
-- Now a row that another row was parked behind is marked waited_on when that row is accepted (V9's insert trigger,
-- which on PostgreSQL takes the row's lock and so orders the accept with the row's close), and only a close of such
-- a row runs the unparking trigger. Every open row with a later open row of its lane is waited on.
ALTER TABLE outbox ADD COLUMN waited_on INTEGER NOT NULL DEFAULT 0;
UPDATE outbox SET waited_on = 1 WHERE state IN ('PENDING', 'DEAD') AND lane IS NOT NULL AND id < (SELECT MAX(p.id)
    FROM outbox p WHERE p.lane = outbox.lane AND p.state IN ('PENDING', 'DEAD'));
-- A head an earlier race left parked (the sweep that would have found it is gone).
UPDATE outbox SET parked = 0 WHERE state = 'PENDING' AND parked = 1 AND id = (SELECT MIN(p.id) FROM outbox p
    WHERE p.lane = outbox.lane AND p.state IN ('PENDING', 'DEAD'));
