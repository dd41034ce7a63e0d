-- The rows that hold up a lane (pending or dead) are few; the delivered rows of a busy customer are many. Every
-- accept asks "is this lane free?" and every claim "is this row its lane's head?": with this partial index both
-- read only the open rows of one lane, however many purchases the customer made before.
CREATE INDEX outbox_lane_open ON outbox (lane, id) WHERE state IN ('PENDING', 'DEAD');
