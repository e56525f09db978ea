-- Settings the administrators keep for the whole portal (one row), and each
-- user's optional emails. A user's time zone already lives in users.time_zone
-- (an IANA name; NULL means UTC).
-- Kept in step with migrations/sqlite/0008_account_preferences.sql.

CREATE TABLE portal_settings (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    -- Staff and administrators always need two-factor; this extends it to
    -- portal users.
    customers_need_two_factor BIGINT NOT NULL DEFAULT 0 CHECK (customers_need_two_factor IN (0, 1)),
    updated_at BIGINT NOT NULL
);
INSERT INTO portal_settings (id, customers_need_two_factor, updated_at) VALUES (1, 0, 0);

-- Security notices are not optional, so only these are columns.
ALTER TABLE users ADD COLUMN mail_document_updates BIGINT NOT NULL DEFAULT 1 CHECK (mail_document_updates IN (0, 1));
