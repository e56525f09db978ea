-- Refunds, and payments a crash interrupted.
-- Kept in step with migrations/postgres/0010_refunds.sql.

-- What has been given back of a payment (refunds succeeded or under way):
-- never more than it was.
ALTER TABLE payments ADD COLUMN amount_refunded INTEGER NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0 AND amount_refunded <= amount);
-- The provider's token a pending payment is charged to, so that start-up
-- can charge a payment a crash interrupted again under its own key (the
-- provider answers a repeated key with the first charge). A token, never
-- a card's details.
ALTER TABLE payments ADD COLUMN charge_token TEXT;
CREATE INDEX payments_pending ON payments (state) WHERE state = 'pending';
CREATE INDEX payments_created ON payments (created_at, id);

-- A refund credits the customer's eWallet (at once) or goes back through
-- the provider (pending until it answers). Its form key is unique: a
-- double click refunds once.
CREATE TABLE refunds (
    id INTEGER PRIMARY KEY,
    payment_id INTEGER NOT NULL REFERENCES payments (id) ON DELETE RESTRICT,
    amount INTEGER NOT NULL CHECK (amount > 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    destination TEXT NOT NULL CHECK (destination IN ('ewallet', 'provider')),
    state TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
    reason TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT NOT NULL UNIQUE,
    provider_reference TEXT,
    failure TEXT,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX refunds_payment ON refunds (payment_id);
