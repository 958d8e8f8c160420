-- Version 18: a user's status (invited or active; every existing user is
-- active) and the invite links.
ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT "active";
CREATE TABLE IF NOT EXISTS user_invites (
    id varchar(36) PRIMARY KEY,
    org_id varchar(36) NOT NULL,
    user_id varchar(36) NOT NULL,
    secret_hash varchar(64) NOT NULL,
    created_by varchar(320) NOT NULL,
    expires_at datetime NOT NULL,
    used_at datetime,
    created_at datetime
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_user_invites_secret_hash ON user_invites (secret_hash);
CREATE INDEX IF NOT EXISTS idx_user_invites_org_id ON user_invites (org_id);
CREATE INDEX IF NOT EXISTS idx_user_invites_user_id ON user_invites (user_id);
