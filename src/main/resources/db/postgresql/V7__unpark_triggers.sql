-- When a lane's open row closes (delivered, cancelled, discarded) or is removed, the lane's new first open row is
-- unparked, in the same transaction (V6). An accept committed concurrently on another connection can still leave
-- its row parked behind a row that closed meanwhile: the dispatcher's sweep (Outbox.unparkHeads) unparks it.
CREATE OR REPLACE FUNCTION outbox_unpark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE outbox SET parked = 0 WHERE parked = 1 AND id = (SELECT MIN(p.id) FROM outbox p
        WHERE p.lane = OLD.lane AND p.state IN ('PENDING', 'DEAD'));
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_unpark_after_close AFTER UPDATE OF state ON outbox FOR EACH ROW
WHEN (OLD.lane IS NOT NULL AND OLD.state IN ('PENDING', 'DEAD') AND NEW.state NOT IN ('PENDING', 'DEAD'))
EXECUTE FUNCTION outbox_unpark();

CREATE TRIGGER outbox_unpark_after_delete AFTER DELETE ON outbox FOR EACH ROW
WHEN (OLD.lane IS NOT NULL AND OLD.state IN ('PENDING', 'DEAD'))
EXECUTE FUNCTION outbox_unpark();
