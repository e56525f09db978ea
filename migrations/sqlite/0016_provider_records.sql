-- A provider that lets the browser take the card (Stripe) keeps records of
-- its own: a customer per commercial entity, charges that wait for the
-- customer's bank, events it sends back.
-- Kept in step with migrations/postgres/0016_provider_records.sql.

-- The provider's customer record for each commercial entity, made once.
CREATE TABLE provider_customers (
    customer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    provider TEXT NOT NULL,
    reference TEXT NOT NULL,
    PRIMARY KEY (customer_id, provider)
);

-- A pending charge knows its provider reference as soon as the provider
-- gave one (before it succeeded: a charge waiting for 3-D Secure), and
-- whether the new card it is charged to is kept once it succeeds.
ALTER TABLE payments ADD COLUMN keep_method INTEGER NOT NULL DEFAULT 0 CHECK (keep_method IN (0, 1));
ALTER TABLE wallet_top_ups ADD COLUMN keep_method INTEGER NOT NULL DEFAULT 0 CHECK (keep_method IN (0, 1));
CREATE INDEX payments_provider_reference ON payments (provider_reference);
CREATE INDEX wallet_top_ups_provider_reference ON wallet_top_ups (provider_reference);

-- What the provider said of a settled payment afterwards: refunded
-- outside Portico, or disputed by the cardholder.
ALTER TABLE payments ADD COLUMN provider_flag TEXT CHECK (provider_flag IS NULL OR provider_flag IN ('refunded_elsewhere', 'disputed'));

-- Each webhook event is handled once, whichever instance receives it and
-- however often it is delivered: its id is written in the transaction
-- that acts on it.
CREATE TABLE provider_events (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    received_at INTEGER NOT NULL
);
