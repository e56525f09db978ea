-- eWallet top-ups are limited, as administrators set in Settings: the most
-- one top-up may add, and the most one customer may add in any 24 hours,
-- in minor units of the top-up's currency (1 000.00 and 5 000.00 by
-- default). The index serves the sum of a customer's last 24 hours, taken
-- inside each top-up's transaction.
-- Kept in step with migrations/postgres/0015_top_up_limits.sql.
ALTER TABLE portal_settings ADD COLUMN top_up_most INTEGER NOT NULL DEFAULT 100000 CHECK (top_up_most > 0);
ALTER TABLE portal_settings ADD COLUMN top_up_daily_most INTEGER NOT NULL DEFAULT 500000 CHECK (top_up_daily_most > 0);
CREATE INDEX wallet_top_ups_recent ON wallet_top_ups (customer_id, currency, created_at);
