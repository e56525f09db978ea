-- Portal access: links sent by email (invitations now, password resets
-- later: one mechanism), HTML beside the plain text of an email, and the
-- keys that let the contact list search and page through 100 000 contacts
-- by index.
-- Kept in step with migrations/postgres/0004_portal_access.sql.

CREATE TABLE access_links (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    voided_at INTEGER,
    mail_id INTEGER REFERENCES mail_outbox (id) ON DELETE SET NULL
);
CREATE INDEX access_links_user ON access_links (user_id, purpose, created_at);

ALTER TABLE mail_outbox ADD COLUMN body_html TEXT;

-- The name in lower case (computed by the app, Unicode-aware): sorting and
-- prefix search by index, compared byte-wise on both databases.
ALTER TABLE contacts ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE contacts SET name_key = lower(name);
CREATE INDEX contacts_name_key ON contacts (name_key, id);
CREATE INDEX contacts_kind_name_key ON contacts (kind, name_key, id);
CREATE INDEX contacts_email ON contacts (email);
DROP INDEX contacts_name;

-- The back office's outgoing-mail and audit pages, newest first, by filter.
CREATE INDEX mail_outbox_status_id ON mail_outbox (status, id);
CREATE INDEX audit_events_kind_id ON audit_events (kind, id);
CREATE INDEX audit_events_subject_id ON audit_events (subject_user_id, id);

-- Every word of a contact's name, lower case, so that "popescu" finds
-- "Maria Popescu" by index (the app writes them with the contact).
CREATE TABLE contact_words (
    word TEXT NOT NULL,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (word, contact_id)
);
CREATE INDEX contact_words_contact ON contact_words (contact_id);
