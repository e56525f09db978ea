-- Customers paying: saved payment methods, and payments made through the
-- payment provider.
--
-- Saved payment methods: only the provider's token and what is safe to
-- show (kind, brand, last four, expiry, holder); never a number or a CVC.
-- A method belongs to the customer's commercial entity (every portal user
-- of a company sees the company's); removing one keeps its row for the
-- payments that name it. At most one live default per customer. The
-- methods the company offers are a portal setting.
-- Kept in step with migrations/postgres/0009_payments.sql.

CREATE TABLE payment_methods (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    kind TEXT NOT NULL CHECK (kind IN ('card', 'sepa_debit')),
    brand TEXT NOT NULL CHECK (length(brand) BETWEEN 1 AND 20),
    last4 TEXT NOT NULL CHECK (length(last4) = 4),
    exp_month INTEGER CHECK (exp_month IS NULL OR exp_month BETWEEN 1 AND 12),
    exp_year INTEGER,
    holder TEXT NOT NULL CHECK (length(holder) BETWEEN 1 AND 200),
    provider TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    added_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    removed_at INTEGER
);
CREATE INDEX payment_methods_customer ON payment_methods (customer_id, id);
CREATE UNIQUE INDEX payment_methods_one_default ON payment_methods (customer_id)
    WHERE is_default = 1 AND removed_at IS NULL;

-- The method that renews a subscription.
ALTER TABLE subscriptions ADD COLUMN payment_method_id INTEGER REFERENCES payment_methods (id);

ALTER TABLE portal_settings ADD COLUMN offers_cards INTEGER NOT NULL DEFAULT 1 CHECK (offers_cards IN (0, 1));
ALTER TABLE portal_settings ADD COLUMN offers_sepa_debit INTEGER NOT NULL DEFAULT 1 CHECK (offers_sepa_debit IN (0, 1));

-- A customer's payment reserves its amount on the invoice (pending), is
-- charged through the provider, then succeeds or fails (the reservation
-- given back). Staff-recorded payments are succeeded from the start. The
-- idempotency key is stored as "<customer>:<key>", unique: a repeat answers
-- with the first result.
ALTER TABLE payments ADD COLUMN state TEXT NOT NULL DEFAULT 'succeeded' CHECK (state IN ('pending', 'succeeded', 'failed'));
ALTER TABLE payments ADD COLUMN payment_method_id INTEGER REFERENCES payment_methods (id);
ALTER TABLE payments ADD COLUMN provider_reference TEXT;
ALTER TABLE payments ADD COLUMN failure TEXT;
ALTER TABLE payments ADD COLUMN paid_by INTEGER REFERENCES users (id) ON DELETE SET NULL;

-- The smallest part of an invoice a customer may pay (unless paying all
-- that is due), in percent of its total.
ALTER TABLE portal_settings ADD COLUMN minimum_part_percent INTEGER NOT NULL DEFAULT 10 CHECK (minimum_part_percent BETWEEN 0 AND 100);

-- The eWallet: an append-only ledger; a balance is the sum of its entries
-- (credits positive, debits negative), per currency. Every write first
-- touches the customer's wallets row, so concurrent debits queue behind
-- one another and the balance is read after the last of them: it never
-- goes below zero.
CREATE TABLE wallets (
    customer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (customer_id, currency)
);
CREATE TABLE wallet_entries (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    amount INTEGER NOT NULL CHECK (amount <> 0),
    kind TEXT NOT NULL CHECK (kind IN ('top_up', 'payment', 'refund')),
    payment_id INTEGER REFERENCES payments (id),
    -- A top-up's form key ("<customer>:<key>"): a repeat adds nothing.
    idempotency_key TEXT UNIQUE,
    provider_reference TEXT,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX wallet_entries_customer ON wallet_entries (customer_id, currency, id);
