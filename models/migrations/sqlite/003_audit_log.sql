-- Version 3: the audit log.
CREATE TABLE IF NOT EXISTS audit_entries (
    id integer PRIMARY KEY AUTOINCREMENT,
    org_id text NOT NULL,
    at datetime NOT NULL,
    actor_email text NOT NULL,
    action text NOT NULL,
    before text,
    after text
);
CREATE INDEX IF NOT EXISTS `idx_audit_org_at` ON `audit_entries`(`org_id`,`at`);
