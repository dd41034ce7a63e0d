-- V7's unparking triggers, now only for a row that a parked row waits on (V8), and the trigger that marks it.
--
-- The race V7 left to a sweep: an accept checks its lane in its own snapshot, so it can park its row behind a row
-- that another connection (or replica) is closing; that close's trigger cannot see the uncommitted row. Now the
-- parked row's insert updates the row ahead (waited_on = 1), and so takes its lock:
-- - if the close came first, the update waits for it, finds the row closed, and the new row is unparked here;
-- - if the update came first, the close waits for the accept to commit, sees waited_on = 1, and its trigger (each
--   statement of a PL/pgSQL function reads a new snapshot under READ COMMITTED) sees and unparks the new row.
-- A row unparked here without heading its lane (an earlier row is still open) is only read by passes and skipped:
-- the head probe (LaneHeads.HEAD_OF_LANE) stays the fence of per-customer order.
DROP TRIGGER outbox_unpark_after_close ON outbox;
DROP TRIGGER outbox_unpark_after_delete ON outbox;

CREATE OR REPLACE FUNCTION outbox_wait_on_ahead() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE outbox SET waited_on = 1 WHERE state IN ('PENDING', 'DEAD') AND id = (SELECT MAX(p.id) FROM outbox p
        WHERE p.lane = NEW.lane AND p.state IN ('PENDING', 'DEAD') AND p.id < NEW.id);
    IF NOT FOUND THEN
        UPDATE outbox SET parked = 0 WHERE id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_wait_after_park AFTER INSERT ON outbox FOR EACH ROW
WHEN (NEW.parked = 1)
EXECUTE FUNCTION outbox_wait_on_ahead();

CREATE TRIGGER outbox_unpark_after_close AFTER UPDATE OF state ON outbox FOR EACH ROW
WHEN (OLD.waited_on = 1 AND OLD.state IN ('PENDING', 'DEAD') AND NEW.state NOT IN ('PENDING', 'DEAD'))
EXECUTE FUNCTION outbox_unpark();

CREATE TRIGGER outbox_unpark_after_delete AFTER DELETE ON outbox FOR EACH ROW
WHEN (OLD.waited_on = 1 AND OLD.state IN ('PENDING', 'DEAD'))
EXECUTE FUNCTION outbox_unpark();
