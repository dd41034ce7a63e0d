-- Every query that reads a lane asks for its open rows (pending or dead), which outbox_lane_open (V2) answers; no
-- query has read the full (lane, id) index since. It still cost an index entry on every insert and on every change
-- of state (a delivered mark is one): one of five index writes per row, for nothing. LaneIndexTest lists the
-- indexes and checks each lane query's plan.
DROP INDEX outbox_lane;
