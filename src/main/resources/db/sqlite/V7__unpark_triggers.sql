-- When a lane's open row closes (delivered, cancelled, discarded) or is removed, the lane's new first open row is
-- unparked, in the same transaction (V6). SQLite has one writer: no accept can run between the two.
CREATE TRIGGER outbox_unpark_after_close AFTER UPDATE OF state ON outbox
WHEN OLD.lane IS NOT NULL AND OLD.state IN ('PENDING', 'DEAD') AND NEW.state NOT IN ('PENDING', 'DEAD')
BEGIN
    UPDATE outbox SET parked = 0 WHERE parked = 1 AND id = (SELECT MIN(p.id) FROM outbox p
        WHERE p.lane = OLD.lane AND p.state IN ('PENDING', 'DEAD'));
END;

CREATE TRIGGER outbox_unpark_after_delete AFTER DELETE ON outbox
WHEN OLD.lane IS NOT NULL AND OLD.state IN ('PENDING', 'DEAD')
BEGIN
    UPDATE outbox SET parked = 0 WHERE parked = 1 AND id = (SELECT MIN(p.id) FROM outbox p
        WHERE p.lane = OLD.lane AND p.state IN ('PENDING', 'DEAD'));
END;
