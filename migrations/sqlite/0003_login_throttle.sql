-- Login attempts are counted before the password is checked, one row per
-- login and per client address, updated by one atomic upsert each, so that
-- parallel guesses cannot pass the limit. Replaces login_failures, which
-- counted failures after the check.
-- Kept in step with migrations/postgres/0003_login_throttle.sql.

DROP TABLE login_failures;

CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL CHECK (attempts >= 0),
    window_started_at INTEGER NOT NULL
);
CREATE INDEX login_throttle_window ON login_throttle (window_started_at);
