-- V7's unparking triggers, now only for a row that a parked row waits on (V8), and the trigger that marks it.
-- SQLite has one writer: no accept can run between an insert's lane check and its trigger, nor during a close.
DROP TRIGGER outbox_unpark_after_close;
DROP TRIGGER outbox_unpark_after_delete;

CREATE TRIGGER outbox_wait_after_park AFTER INSERT ON outbox
WHEN NEW.parked = 1
BEGIN
    UPDATE outbox SET waited_on = 1 WHERE id = (SELECT MAX(p.id) FROM outbox p
        WHERE p.lane = NEW.lane AND p.state IN ('PENDING', 'DEAD') AND p.id < NEW.id);
END;

CREATE TRIGGER outbox_unpark_after_close AFTER UPDATE OF state ON outbox
WHEN OLD.waited_on = 1 AND OLD.state IN ('PENDING', 'DEAD') AND NEW.state NOT IN ('PENDING', 'DEAD')
BEGIN
    UPDATE outbox SET parked = 0 WHERE parked = 1 AND id = (SELECT MIN(p.id) FROM outbox p
        WHERE p.lane = OLD.lane AND p.state IN ('PENDING', 'DEAD'));
END;

CREATE TRIGGER outbox_unpark_after_delete AFTER DELETE ON outbox
WHEN OLD.waited_on = 1 AND OLD.state IN ('PENDING', 'DEAD')
BEGIN
    UPDATE outbox SET parked = 0 WHERE parked = 1 AND id = (SELECT MIN(p.id) FROM outbox p
        WHERE p.lane = OLD.lane AND p.state IN ('PENDING', 'DEAD'));
END;
