-- Two-factor authentication: each user's TOTP secret, sealed with a key
-- kept outside the database, and the last time step accepted (a code is
-- never accepted twice); ten recovery codes, stored as hashes, each used
-- once; and half-done logins (password checked, code awaited), which
-- expire after a few minutes.
-- Kept in step with migrations/postgres/0007_two_factor.sql.

CREATE TABLE two_factor (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret_sealed TEXT NOT NULL,
    -- NULL while enrolment waits for the first code.
    enabled_at INTEGER,
    last_step INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at INTEGER,
    UNIQUE (user_id, code_hash)
);

CREATE TABLE login_challenges (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    next_page TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    used_at INTEGER
);
CREATE INDEX login_challenges_user ON login_challenges (user_id);
