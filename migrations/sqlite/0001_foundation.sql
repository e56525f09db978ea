-- Foundation: contacts, users, sessions, login throttling, audit log.
-- Kept in step with migrations/postgres/0001_foundation.sql (see src/db/dialect.rs).

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('company', 'individual')),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    parent_id INTEGER REFERENCES contacts (id) ON DELETE RESTRICT,
    email TEXT,
    phone TEXT,
    street TEXT,
    street2 TEXT,
    city TEXT,
    zip TEXT,
    state TEXT,
    country TEXT,
    vat TEXT,
    lang TEXT CHECK (lang IN ('en', 'ro', 'es')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX contacts_parent ON contacts (parent_id);
CREATE INDEX contacts_name ON contacts (name);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL UNIQUE REFERENCES contacts (id) ON DELETE RESTRICT,
    login TEXT NOT NULL UNIQUE CHECK (login = lower(login)),
    role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'portal')),
    company_role TEXT CHECK (company_role IN ('viewer', 'payer', 'company_admin')),
    password_hash TEXT,
    lang TEXT CHECK (lang IN ('en', 'ro', 'es')),
    time_zone TEXT,
    revoked_at INTEGER,
    last_login_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    client_ip TEXT,
    user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    login_key TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_login ON login_failures (login_key, at);
CREATE INDEX login_failures_ip ON login_failures (client_ip, at);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    actor_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    subject_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    client_ip TEXT,
    detail TEXT
);
CREATE INDEX audit_events_at ON audit_events (at);
