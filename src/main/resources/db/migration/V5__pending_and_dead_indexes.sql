-- outbox_state (state, id) held every row, delivered ones included, so PostgreSQL's planner weighed it against the
-- primary key by its statistics alone. Statistics taken during a backlog (30 % of rows pending) and read after it
-- drained made the dispatcher's pass walk the whole table by id, filtering on state: 40-160 ms a pass instead of
-- under 1 ms, in a loop while the backlog drained, on the same cores as the hooks. Two partial indexes hold only the
-- rows their queries ask for, pending (the dispatcher, the outbox figures) and dead (dead letters, the rows they
-- block): small whatever the history, and a delivered mark writes no entry in them.
-- Their columns differ by database (${open_index_columns}): PostgreSQL costs an index scan by the correlation of its
-- first column, so (id) is chosen whatever the statistics, where (state, id) lost to the primary key again; SQLite
-- keeps no statistics and prefers an index with an equality on its first column, so (state, id) is chosen over
-- outbox_dedupe when a query also names the operation. DueHeadsPlanPostgresTest and LaneIndexTest check the plans.
DROP INDEX outbox_state;
CREATE INDEX outbox_pending ON outbox (${open_index_columns}) WHERE state = 'PENDING';
CREATE INDEX outbox_dead ON outbox (${open_index_columns}) WHERE state = 'DEAD';
