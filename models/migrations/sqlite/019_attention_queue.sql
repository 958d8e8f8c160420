-- Version 19: who resolved or dismissed a Needs attention item, and each
-- organization's notification webhook with when it was last notified (one
-- row per org, claimed atomically so that any number of processes send at
-- most one message per interval).
CREATE TABLE IF NOT EXISTS attention_resolutions (
    id varchar(36) PRIMARY KEY,
    org_id varchar(36) NOT NULL,
    opportunity_id varchar(100) NOT NULL,
    item_kind varchar(20) NOT NULL,
    item_id varchar(36) NOT NULL,
    action varchar(20) NOT NULL,
    note text NOT NULL DEFAULT '',
    actor_email varchar(320) NOT NULL,
    at datetime NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_attention_resolutions_item ON attention_resolutions (item_id, item_kind);
CREATE INDEX IF NOT EXISTS idx_attention_resolutions_org_opp ON attention_resolutions (org_id, opportunity_id);
CREATE TABLE IF NOT EXISTS attention_notify (
    org_id varchar(36) PRIMARY KEY,
    webhook_url varchar(2000) NOT NULL DEFAULT '',
    last_sent_at datetime,
    notified_through datetime,
    last_error varchar(1000) NOT NULL DEFAULT '',
    updated_at datetime
);
