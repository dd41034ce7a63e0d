-- Partnero names customers by its own id in webhook events and transactions (PARTNERO.md H3), while the sidecar's
-- dashboards are cached by the customer's key: a webhook's cache eviction maps one to the other through this index.
CREATE INDEX IF NOT EXISTS customers_partnero_id ON customers (partnero_id);
