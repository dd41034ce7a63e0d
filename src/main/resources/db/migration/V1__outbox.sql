-- The durable outbox: every write a hook accepted, until Partnero has it (or an operator decides).
-- ${id_column} is INTEGER PRIMARY KEY AUTOINCREMENT on SQLite and BIGSERIAL PRIMARY KEY on PostgreSQL.
CREATE TABLE outbox (
    id ${id_column},
    operation VARCHAR(16) NOT NULL,
    dedupe_key VARCHAR(255) NOT NULL,
    lane VARCHAR(300),
    payload TEXT NOT NULL,
    fingerprint VARCHAR(512) NOT NULL,
    state VARCHAR(16) NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    maybe_sent INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_by VARCHAR(64),
    claimed_until BIGINT,
    dead_reason VARCHAR(32),
    last_error VARCHAR(500),
    result TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX outbox_dedupe ON outbox (operation, dedupe_key);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_lane ON outbox (lane, id);

-- Customers this sidecar created upstream: Partnero's id (H3) and the referrer it accepted, kept after the
-- outbox rows are pruned so cache eviction and duplicate sign-ups can still be answered.
CREATE TABLE customers (
    customer_key VARCHAR(255) NOT NULL PRIMARY KEY,
    partnero_id VARCHAR(255),
    referrer_key VARCHAR(255),
    referral_link VARCHAR(2000),
    referral_links TEXT,
    created_at BIGINT NOT NULL
);
