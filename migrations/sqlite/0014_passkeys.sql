-- Passkeys (WebAuthn): each user's registered credentials, and the
-- half-done ceremonies (a registration or a sign-in waiting for the
-- browser's answer). A ceremony's state never leaves the server: the
-- browser holds only the random token that names it, the row is deleted
-- when it is used (once) and is refused after it expires.
-- Kept in step with migrations/postgres/0014_passkeys.sql.

CREATE TABLE passkeys (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The credential id the authenticator chose (base64url): one account each.
    credential_id TEXT NOT NULL UNIQUE,
    -- The WebAuthn user handle of the account (a random UUID, the same for
    -- all of one user's passkeys): what a discoverable sign-in names.
    user_handle TEXT NOT NULL,
    name TEXT NOT NULL,
    -- webauthn-rs' Passkey as JSON: public key, sign counter, backup flags.
    credential TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX passkeys_user ON passkeys (user_id);

CREATE TABLE passkey_ceremonies (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    -- 'register' (of user_id) or 'sign_in' (of nobody yet).
    purpose TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    -- A sign-in's client (auth::throttle::client_key), which holds a
    -- bounded number of open sign-ins.
    client_key TEXT,
    -- webauthn-rs' registration or authentication state, as JSON.
    state TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX passkey_ceremonies_expiry ON passkey_ceremonies (expires_at);
CREATE INDEX passkey_ceremonies_client ON passkey_ceremonies (client_key, expires_at);
