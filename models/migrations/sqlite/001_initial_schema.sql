-- Version 1: the thirteen tables of the first release, with the columns
-- and indexes GORM made for them (its types: text, integer, numeric for
-- booleans, datetime, blob; its spelling of the empty default, ""; its
-- index statements verbatim). Columns that later versions add are left to
-- those versions (9, 11, 18, 20-24).

CREATE TABLE organizations (
    id text,
    name text NOT NULL,
    credits integer NOT NULL DEFAULT 0,
    created_at datetime,
    updated_at datetime,
    PRIMARY KEY (id)
);

CREATE TABLE users (
    id text,
    org_id text NOT NULL,
    email text NOT NULL,
    name text,
    password_hash text NOT NULL,
    role text NOT NULL,
    platform_role text NOT NULL DEFAULT "",
    created_at datetime,
    updated_at datetime,
    PRIMARY KEY (id)
);
CREATE INDEX `idx_users_org_id` ON `users`(`org_id`);
CREATE UNIQUE INDEX `idx_users_email` ON `users`(`email`);

CREATE TABLE api_keys (
    id text,
    org_id text NOT NULL,
    hash text NOT NULL,
    prefix text NOT NULL,
    revoked_at datetime,
    created_at datetime,
    PRIMARY KEY (id)
);
CREATE INDEX `idx_api_keys_org_id` ON `api_keys`(`org_id`);
CREATE UNIQUE INDEX `idx_api_keys_hash` ON `api_keys`(`hash`);

CREATE TABLE web_sessions (
    id text,
    data text NOT NULL,
    user_id text,
    expires_at datetime,
    created_at datetime,
    updated_at datetime,
    PRIMARY KEY (id)
);
CREATE INDEX `idx_web_sessions_user_id` ON `web_sessions`(`user_id`);
CREATE INDEX `idx_web_sessions_expires_at` ON `web_sessions`(`expires_at`);

CREATE TABLE lever_connections (
    id text,
    org_id text NOT NULL,
    status text NOT NULL DEFAULT "disconnected",
    status_reason text,
    enabled numeric NOT NULL DEFAULT false,
    account_id text,
    lever_user_id text,
    scopes text,
    access_token_enc blob,
    refresh_token_enc blob,
    token_expires_at datetime,
    token_refreshed_at datetime,
    granted_at datetime,
    webhook_key text NOT NULL,
    webhook_id text,
    webhook_registered numeric NOT NULL DEFAULT false,
    webhook_error text,
    signature_token_enc blob,
    last_webhook_at datetime,
    stage_to_be_scheduled text,
    stage_scheduled text,
    stage_yes text,
    stage_no text,
    stage_unable text,
    stages_synced_at datetime,
    postings_synced_at datetime,
    created_at datetime,
    updated_at datetime,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX `idx_lever_connections_org_id` ON `lever_connections`(`org_id`);
CREATE UNIQUE INDEX `idx_lever_connections_webhook_key` ON `lever_connections`(`webhook_key`);

CREATE TABLE lever_stages (
    connection_id text,
    id text,
    text text,
    position integer,
    deleted numeric NOT NULL DEFAULT false,
    PRIMARY KEY (connection_id, id)
);

CREATE TABLE lever_postings (
    connection_id text,
    id text,
    text text,
    state text,
    team text,
    location text,
    confidential numeric,
    deleted numeric NOT NULL DEFAULT false,
    lever_updated_at integer,
    PRIMARY KEY (connection_id, id)
);
CREATE INDEX `idx_lever_postings_state` ON `lever_postings`(`state`);

CREATE TABLE posting_profiles (
    org_id text,
    posting_id text,
    profile_id text NOT NULL,
    updated_at datetime,
    PRIMARY KEY (org_id, posting_id)
);
CREATE INDEX `idx_posting_profiles_profile_id` ON `posting_profiles`(`profile_id`);

CREATE TABLE profiles (
    id text,
    org_id text NOT NULL,
    name text NOT NULL,
    duration_minutes integer NOT NULL,
    skills text NOT NULL DEFAULT "",
    deleted_at datetime,
    created_at datetime,
    updated_at datetime,
    PRIMARY KEY (id)
);
CREATE INDEX `idx_profiles_org_id` ON `profiles`(`org_id`);

CREATE TABLE interviews (
    id text,
    org_id text NOT NULL,
    ref text NOT NULL,
    opportunity_id text NOT NULL,
    contact_id text,
    candidate_name text,
    candidate_email text,
    lever_url text,
    posting_id text,
    posting_title text,
    profile_id text,
    profile_name text,
    status text NOT NULL,
    credit_reserved numeric NOT NULL DEFAULT false,
    scheduled_at datetime,
    timezone text,
    duration_minutes integer,
    interviewer text,
    meeting_url text,
    verdict text,
    playback_url text,
    summary text,
    ratings text,
    links_revoked_at datetime,
    failure_reason text,
    failure_detail text,
    writer_lease datetime,
    created_at datetime,
    updated_at datetime,
    PRIMARY KEY (id)
);
CREATE INDEX `idx_interviews_org_status` ON `interviews`(`org_id`,`status`);
CREATE UNIQUE INDEX `idx_interviews_ref` ON `interviews`(`ref`);
CREATE INDEX `idx_interviews_opportunity_id` ON `interviews`(`opportunity_id`);
-- One active interview per (org, opportunity) (docs/DESIGN.md §2).
CREATE UNIQUE INDEX idx_interviews_one_active ON interviews (org_id, opportunity_id) WHERE status IN ('to_be_scheduled','scheduled');

CREATE TABLE lever_writes (
    id text,
    org_id text NOT NULL,
    interview_id text NOT NULL,
    opportunity_id text NOT NULL,
    seq integer NOT NULL,
    kind text NOT NULL,
    marker text NOT NULL,
    stage_id text,
    tag text,
    note_text text,
    status text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    lever_note_id text,
    result text,
    done_at datetime,
    created_at datetime,
    updated_at datetime,
    PRIMARY KEY (id)
);
CREATE INDEX `idx_lever_writes_org_id` ON `lever_writes`(`org_id`);
CREATE INDEX `idx_writes_interview_seq` ON `lever_writes`(`interview_id`,`seq`);
CREATE INDEX `idx_lever_writes_opportunity_id` ON `lever_writes`(`opportunity_id`);
CREATE UNIQUE INDEX `idx_lever_writes_marker` ON `lever_writes`(`marker`);
CREATE INDEX `idx_lever_writes_status` ON `lever_writes`(`status`);

CREATE TABLE webhook_deliveries (
    id text,
    org_id text NOT NULL,
    connection_id text NOT NULL,
    token text NOT NULL,
    event text NOT NULL,
    triggered_at integer NOT NULL,
    opportunity_id text,
    from_stage_id text,
    to_stage_id text,
    body text,
    status text NOT NULL,
    reason text,
    received_at datetime,
    processed_at datetime,
    PRIMARY KEY (id)
);
CREATE INDEX `idx_webhook_deliveries_org_id` ON `webhook_deliveries`(`org_id`);
CREATE UNIQUE INDEX `idx_delivery_token` ON `webhook_deliveries`(`connection_id`,`token`);
CREATE INDEX `idx_webhook_deliveries_opportunity_id` ON `webhook_deliveries`(`opportunity_id`);

CREATE TABLE sync_events (
    id integer PRIMARY KEY AUTOINCREMENT,
    org_id text NOT NULL,
    opportunity_id text,
    interview_id text,
    delivery_id text,
    write_id text,
    candidate_name text,
    candidate_email text,
    at datetime NOT NULL,
    kind text NOT NULL,
    status text NOT NULL,
    message text,
    method text,
    path text,
    http_status integer,
    duration_ms integer,
    attempt integer
);
CREATE INDEX `idx_sync_org_opp` ON `sync_events`(`org_id`,`opportunity_id`);
CREATE INDEX `idx_sync_org_at` ON `sync_events`(`org_id`,`at`);
CREATE INDEX `idx_sync_events_opportunity_id` ON `sync_events`(`opportunity_id`);
CREATE INDEX `idx_sync_events_interview_id` ON `sync_events`(`interview_id`);
