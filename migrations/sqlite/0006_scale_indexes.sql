-- Indexes measured necessary at scale (portico demo --customers 100000
-- --invoices 1000000; README, Benchmarks). They cover only the open
-- invoices (posted, not fully paid: a few percent of all), so they stay
-- small and cost little to keep up.
-- Kept in step with migrations/postgres/0006_scale_indexes.sql.

-- The home page's "unpaid" and "overdue" tiles: counted within the
-- customer's open invoices instead of scanning every posted one of theirs
-- (payment_state <> 'paid' is no range in invoices_customer_due).
CREATE INDEX invoices_customer_open_due ON invoices (customer_id, state, payment_state, due_date)
    WHERE state = 'posted' AND payment_state <> 'paid';

-- The portal's unpaid and overdue lists, newest first, by keyset. Without
-- it they walk invoices_customer_date past every paid invoice and every
-- open one not yet due, or (SQLite, once the index above exists) read all
-- of the customer's open invoices through it and sort them.
CREATE INDEX invoices_customer_open_date ON invoices (customer_id, invoice_date, id, due_date)
    WHERE state = 'posted' AND payment_state <> 'paid';

-- The same for the back office, across customers: the newest weeks hold
-- tens of thousands of invoices that are not overdue yet.
CREATE INDEX invoices_open_date ON invoices (invoice_date, id, due_date)
    WHERE state = 'posted' AND payment_state <> 'paid';
