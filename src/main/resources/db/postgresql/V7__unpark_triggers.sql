-- When a lane's open row closes (delivered, cancelled, discarded) or is removed, the lane's new first open row is
-- unparked, in the same transaction (V6).
-- An accept of the lane may be inserting at that moment on another connection or replica, invisible to this
-- transaction: when no open row is left in sight, the trigger waits for the lane's lock, which an accepting
-- transaction holds until it commits (OutboxIntake.lockLanes), and looks again. Either the accept committed first,
-- and its row is seen and unparked, or it takes the lock after this transaction commits, sees the lane free and does
-- not park its row. (SQLite has one writer: its triggers need no lock.) A trigger has no syntax SQLite and PostgreSQL
-- share, so each database has its own V7.
CREATE OR REPLACE FUNCTION outbox_unpark() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    next_id BIGINT;
BEGIN
    SELECT MIN(p.id) INTO next_id FROM outbox p WHERE p.lane = OLD.lane AND p.state IN ('PENDING', 'DEAD');
    IF next_id IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext(OLD.lane));
        SELECT MIN(p.id) INTO next_id FROM outbox p WHERE p.lane = OLD.lane AND p.state IN ('PENDING', 'DEAD');
    END IF;
    IF next_id IS NOT NULL THEN
        UPDATE outbox SET parked = 0 WHERE id = next_id AND parked = 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_unpark_after_close AFTER UPDATE OF state ON outbox FOR EACH ROW
WHEN (OLD.lane IS NOT NULL AND OLD.state IN ('PENDING', 'DEAD') AND NEW.state NOT IN ('PENDING', 'DEAD'))
EXECUTE FUNCTION outbox_unpark();

CREATE TRIGGER outbox_unpark_after_delete AFTER DELETE ON outbox FOR EACH ROW
WHEN (OLD.lane IS NOT NULL AND OLD.state IN ('PENDING', 'DEAD'))
EXECUTE FUNCTION outbox_unpark();
