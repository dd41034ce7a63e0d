-- The dispatcher asks for the oldest due heads of their lanes, a few at a time. Through (state, next_attempt_at) it
-- had to read and sort every pending row of a backlog on each pass (100,000 queued rows: about 100 ms a pass, in a
-- loop); through (state, id) it walks the pending rows oldest first and stops at the last head it needs.
DROP INDEX outbox_due;
CREATE INDEX outbox_state ON outbox (state, id);
