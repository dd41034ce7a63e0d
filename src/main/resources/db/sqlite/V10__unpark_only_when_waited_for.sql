-- V7's triggers looked at the lane's open rows whenever a row closed, although almost no row has anything parked
-- behind it. A row now says whether its closing has to unpark anything: unpark_next is set on the lane's first open
-- row when a row is parked behind it (the trigger below; SQLite's accept parks behind the first open row, with one
-- writer at a time), and handed on to the lane's next open row by the unpark itself. Every parked row then has an
-- open row ahead of it with unpark_next set (PostgreSQL's V10 gives the measurement; OutboxParkingTest).
ALTER TABLE outbox ADD COLUMN unpark_next INTEGER NOT NULL DEFAULT 0;
-- Rows open when this migration runs may have rows parked behind them by an earlier build.
UPDATE outbox SET unpark_next = 1 WHERE lane IS NOT NULL AND state IN ('PENDING', 'DEAD');

CREATE TRIGGER outbox_park AFTER INSERT ON outbox
WHEN NEW.parked = 1
BEGIN
    UPDATE outbox SET unpark_next = 1 WHERE id = (SELECT MIN(p.id) FROM outbox p
        WHERE p.lane = NEW.lane AND p.state IN ('PENDING', 'DEAD') AND p.id < NEW.id) AND unpark_next = 0;
END;

DROP TRIGGER outbox_unpark_after_close;
CREATE TRIGGER outbox_unpark_after_close AFTER UPDATE OF state ON outbox
WHEN OLD.unpark_next = 1 AND OLD.lane IS NOT NULL AND OLD.state IN ('PENDING', 'DEAD')
    AND NEW.state NOT IN ('PENDING', 'DEAD')
BEGIN
    UPDATE outbox SET parked = 0, unpark_next = 1 WHERE id = (SELECT MIN(p.id) FROM outbox p
        WHERE p.lane = OLD.lane AND p.state IN ('PENDING', 'DEAD')) AND (parked = 1 OR unpark_next = 0);
END;

DROP TRIGGER outbox_unpark_after_delete;
CREATE TRIGGER outbox_unpark_after_delete AFTER DELETE ON outbox
WHEN OLD.unpark_next = 1 AND OLD.lane IS NOT NULL AND OLD.state IN ('PENDING', 'DEAD')
BEGIN
    UPDATE outbox SET parked = 0, unpark_next = 1 WHERE id = (SELECT MIN(p.id) FROM outbox p
        WHERE p.lane = OLD.lane AND p.state IN ('PENDING', 'DEAD')) AND (parked = 1 OR unpark_next = 0);
END;
