-- Documents customers see: quotations and sales orders, invoices, their
-- lines, subscriptions, payments received; the customer's extra addresses;
-- who follows which document; the seller's details printed on documents.
-- Money is integer minor units beside a currency code; calendar dates are
-- 'YYYY-MM-DD' text, which sorts as dates do.
-- Kept in step with migrations/postgres/0005_documents.sql.

CREATE TABLE company_profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    vat TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);
INSERT INTO company_profile (id, name, updated_at) VALUES (1, 'Portico', 0);

-- Numbers handed out per kind of document, one UPDATE … RETURNING each.
CREATE TABLE document_sequences (
    name TEXT PRIMARY KEY,
    next_value INTEGER NOT NULL
);
INSERT INTO document_sequences (name, next_value) VALUES ('order', 1), ('invoice', 1), ('subscription', 1);

CREATE TABLE sales_orders (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    -- The commercial entity whose portal shows it (a company, or a person
    -- on their own); contact_id is who it is addressed to.
    customer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    kind TEXT NOT NULL CHECK (kind IN ('quotation', 'order')),
    state TEXT NOT NULL CHECK (state IN ('draft', 'sent', 'confirmed', 'cancelled')),
    order_date TEXT NOT NULL CHECK (length(order_date) = 10),
    valid_until TEXT CHECK (valid_until IS NULL OR length(valid_until) = 10),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    amount_untaxed INTEGER NOT NULL,
    amount_tax INTEGER NOT NULL,
    amount_total INTEGER NOT NULL CHECK (amount_total >= 0),
    amount_paid INTEGER NOT NULL DEFAULT 0 CHECK (amount_paid >= 0 AND amount_paid <= amount_total),
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX sales_orders_customer_date ON sales_orders (customer_id, kind, order_date, id);
CREATE INDEX sales_orders_customer_reference ON sales_orders (customer_id, kind, reference);
CREATE INDEX sales_orders_customer_amount ON sales_orders (customer_id, kind, amount_total, id);
CREATE INDEX sales_orders_customer_state ON sales_orders (customer_id, kind, state, id);
CREATE INDEX sales_orders_date ON sales_orders (order_date, id);

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    order_id INTEGER REFERENCES sales_orders (id) ON DELETE RESTRICT,
    state TEXT NOT NULL CHECK (state IN ('draft', 'posted', 'cancelled')),
    payment_state TEXT NOT NULL CHECK (payment_state IN ('not_paid', 'partial', 'paid')),
    invoice_date TEXT NOT NULL CHECK (length(invoice_date) = 10),
    due_date TEXT NOT NULL CHECK (length(due_date) = 10 AND due_date >= invoice_date),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    amount_untaxed INTEGER NOT NULL,
    amount_tax INTEGER NOT NULL,
    amount_total INTEGER NOT NULL CHECK (amount_total >= 0),
    -- Paying can never take the amount due below zero: the database says no.
    amount_paid INTEGER NOT NULL DEFAULT 0 CHECK (amount_paid >= 0 AND amount_paid <= amount_total),
    note TEXT NOT NULL DEFAULT '',
    posted_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX invoices_customer_date ON invoices (customer_id, invoice_date, id);
CREATE INDEX invoices_customer_number ON invoices (customer_id, number);
CREATE INDEX invoices_customer_amount ON invoices (customer_id, amount_total, id);
CREATE INDEX invoices_customer_payment ON invoices (customer_id, payment_state, id);
CREATE INDEX invoices_customer_due ON invoices (customer_id, state, payment_state, due_date);
CREATE INDEX invoices_date ON invoices (invoice_date, id);
CREATE INDEX invoices_order ON invoices (order_id);

CREATE TABLE document_lines (
    id INTEGER PRIMARY KEY,
    order_id INTEGER REFERENCES sales_orders (id) ON DELETE CASCADE,
    invoice_id INTEGER REFERENCES invoices (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
    quantity_milli INTEGER NOT NULL CHECK (quantity_milli > 0),
    unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
    discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    tax_bp INTEGER NOT NULL DEFAULT 0 CHECK (tax_bp BETWEEN 0 AND 10000),
    amount_untaxed INTEGER NOT NULL,
    amount_tax INTEGER NOT NULL,
    CHECK ((order_id IS NULL) <> (invoice_id IS NULL))
);
CREATE INDEX document_lines_order ON document_lines (order_id, position);
CREATE INDEX document_lines_invoice ON document_lines (invoice_id, position);

CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    plan TEXT NOT NULL CHECK (length(plan) BETWEEN 1 AND 200),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    period TEXT NOT NULL CHECK (period IN ('month', 'year')),
    start_date TEXT NOT NULL CHECK (length(start_date) = 10),
    next_invoice_date TEXT CHECK (next_invoice_date IS NULL OR length(next_invoice_date) = 10),
    ends_on TEXT CHECK (ends_on IS NULL OR length(ends_on) = 10),
    state TEXT NOT NULL CHECK (state IN ('active', 'paused', 'cancelling', 'closed')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX subscriptions_customer_date ON subscriptions (customer_id, start_date, id);
CREATE INDEX subscriptions_customer_reference ON subscriptions (customer_id, reference);
CREATE INDEX subscriptions_customer_amount ON subscriptions (customer_id, amount, id);
CREATE INDEX subscriptions_customer_state ON subscriptions (customer_id, state, id);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
    invoice_id INTEGER REFERENCES invoices (id) ON DELETE RESTRICT,
    order_id INTEGER REFERENCES sales_orders (id) ON DELETE RESTRICT,
    amount INTEGER NOT NULL CHECK (amount > 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    method TEXT NOT NULL CHECK (method IN ('bank_transfer', 'card', 'sepa_debit', 'cash', 'ewallet')),
    reference TEXT NOT NULL DEFAULT '',
    received_on TEXT NOT NULL CHECK (length(received_on) = 10),
    -- Set by forms that pay (the payments issue): a repeat answers with the first.
    idempotency_key TEXT UNIQUE,
    recorded_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    CHECK (invoice_id IS NOT NULL OR order_id IS NOT NULL)
);
CREATE INDEX payments_invoice ON payments (invoice_id);
CREATE INDEX payments_order ON payments (order_id);
CREATE INDEX payments_customer ON payments (customer_id, id);

CREATE TABLE addresses (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('billing', 'delivery')),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    street TEXT NOT NULL,
    street2 TEXT,
    city TEXT NOT NULL,
    zip TEXT,
    state TEXT,
    country TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX addresses_customer ON addresses (customer_id, id);

CREATE TABLE document_follows (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    document TEXT NOT NULL CHECK (document IN ('order', 'invoice', 'subscription')),
    document_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, document, document_id)
);
CREATE INDEX document_follows_document ON document_follows (document, document_id);
