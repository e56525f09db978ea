-- An eWallet top-up is charged through the provider as a payment is:
-- written `pending` first (its key, the token it is charged to), settled
-- after; start-up finishes one a stop interrupted, under the same key. Its
-- credit in the ledger carries the same key.
-- Kept in step with migrations/postgres/0011_wallet_top_ups.sql.
CREATE TABLE wallet_top_ups (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    amount INTEGER NOT NULL CHECK (amount > 0),
    idempotency_key TEXT NOT NULL UNIQUE,
    charge_token TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
    provider_reference TEXT,
    failure TEXT,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX wallet_top_ups_pending ON wallet_top_ups (state) WHERE state = 'pending';
