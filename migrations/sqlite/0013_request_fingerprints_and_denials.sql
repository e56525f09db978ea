-- Issue 22, found 10 and 11.
--
-- What a request sent under an idempotency key asked for (a SHA-256 of its
-- meaningful fields, payments::idempotency): the same key asking something
-- else is refused instead of answered with the first result. Rows written
-- before this have none and are compared as before (by key alone).
--
-- Refusals (401, 403, cross-site) are audited; this counts them per client
-- (an IPv4 address, an IPv6 /64) per window, so that a flood writes only
-- the first few of each window to audit_events (audit::denials).
-- Kept in step with migrations/postgres/0013_request_fingerprints_and_denials.sql.

ALTER TABLE payments ADD COLUMN request_fingerprint TEXT;
ALTER TABLE wallet_top_ups ADD COLUMN request_fingerprint TEXT;
ALTER TABLE refunds ADD COLUMN request_fingerprint TEXT;

CREATE TABLE audit_denial_windows (
    client_key TEXT PRIMARY KEY,
    denials INTEGER NOT NULL CHECK (denials >= 0),
    window_started_at INTEGER NOT NULL
);
CREATE INDEX audit_denial_windows_window ON audit_denial_windows (window_started_at);
