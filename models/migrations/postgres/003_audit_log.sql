-- Version 3: the audit log.
CREATE TABLE IF NOT EXISTS audit_entries (
    id bigserial NOT NULL,
    org_id varchar(36) NOT NULL,
    at timestamptz NOT NULL,
    actor_email varchar(320) NOT NULL,
    action varchar(60) NOT NULL,
    before text,
    after text,
    PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS idx_audit_org_at ON audit_entries (org_id, at);
