-- Version 1: the thirteen tables of the first release, with the columns
-- and indexes GORM made for them. Columns that later versions add are left
-- to those versions (9, 11, 18, 20-24).

CREATE TABLE organizations (
    id varchar(36) NOT NULL,
    name varchar(200) NOT NULL,
    credits bigint NOT NULL DEFAULT 0,
    created_at timestamptz,
    updated_at timestamptz,
    PRIMARY KEY (id)
);

CREATE TABLE users (
    id varchar(36) NOT NULL,
    org_id varchar(36) NOT NULL,
    email varchar(320) NOT NULL,
    name varchar(200),
    password_hash varchar(200) NOT NULL,
    role varchar(20) NOT NULL,
    platform_role varchar(20) NOT NULL DEFAULT '',
    created_at timestamptz,
    updated_at timestamptz,
    PRIMARY KEY (id)
);
CREATE INDEX idx_users_org_id ON users (org_id);
CREATE UNIQUE INDEX idx_users_email ON users (email);

CREATE TABLE api_keys (
    id varchar(36) NOT NULL,
    org_id varchar(36) NOT NULL,
    hash varchar(64) NOT NULL,
    prefix varchar(16) NOT NULL,
    revoked_at timestamptz,
    created_at timestamptz,
    PRIMARY KEY (id)
);
CREATE INDEX idx_api_keys_org_id ON api_keys (org_id);
CREATE UNIQUE INDEX idx_api_keys_hash ON api_keys (hash);

CREATE TABLE web_sessions (
    id varchar(64) NOT NULL,
    data text NOT NULL,
    user_id varchar(36),
    expires_at timestamptz,
    created_at timestamptz,
    updated_at timestamptz,
    PRIMARY KEY (id)
);
CREATE INDEX idx_web_sessions_user_id ON web_sessions (user_id);
CREATE INDEX idx_web_sessions_expires_at ON web_sessions (expires_at);

CREATE TABLE lever_connections (
    id varchar(36) NOT NULL,
    org_id varchar(36) NOT NULL,
    status varchar(20) NOT NULL DEFAULT 'disconnected',
    status_reason varchar(500),
    enabled boolean NOT NULL DEFAULT false,
    account_id text,
    lever_user_id text,
    scopes text,
    access_token_enc bytea,
    refresh_token_enc bytea,
    token_expires_at timestamptz,
    token_refreshed_at timestamptz,
    granted_at timestamptz,
    webhook_key varchar(64) NOT NULL,
    webhook_id text,
    webhook_registered boolean NOT NULL DEFAULT false,
    webhook_error varchar(1000),
    signature_token_enc bytea,
    last_webhook_at timestamptz,
    stage_to_be_scheduled text,
    stage_scheduled text,
    stage_yes text,
    stage_no text,
    stage_unable text,
    stages_synced_at timestamptz,
    postings_synced_at timestamptz,
    created_at timestamptz,
    updated_at timestamptz,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX idx_lever_connections_org_id ON lever_connections (org_id);
CREATE UNIQUE INDEX idx_lever_connections_webhook_key ON lever_connections (webhook_key);

CREATE TABLE lever_stages (
    connection_id varchar(36) NOT NULL,
    id text NOT NULL,
    text text,
    position bigint,
    deleted boolean NOT NULL DEFAULT false,
    PRIMARY KEY (connection_id, id)
);

CREATE TABLE lever_postings (
    connection_id varchar(36) NOT NULL,
    id text NOT NULL,
    text text,
    state text,
    team text,
    location text,
    confidential boolean,
    deleted boolean NOT NULL DEFAULT false,
    lever_updated_at bigint,
    PRIMARY KEY (connection_id, id)
);
CREATE INDEX idx_lever_postings_state ON lever_postings (state);

CREATE TABLE posting_profiles (
    org_id varchar(36) NOT NULL,
    posting_id text NOT NULL,
    profile_id varchar(36) NOT NULL,
    updated_at timestamptz,
    PRIMARY KEY (org_id, posting_id)
);
CREATE INDEX idx_posting_profiles_profile_id ON posting_profiles (profile_id);

CREATE TABLE profiles (
    id varchar(36) NOT NULL,
    org_id varchar(36) NOT NULL,
    name varchar(200) NOT NULL,
    duration_minutes bigint NOT NULL,
    skills text NOT NULL DEFAULT '',
    deleted_at timestamptz,
    created_at timestamptz,
    updated_at timestamptz,
    PRIMARY KEY (id)
);
CREATE INDEX idx_profiles_org_id ON profiles (org_id);

CREATE TABLE interviews (
    id varchar(36) NOT NULL,
    org_id varchar(36) NOT NULL,
    ref varchar(20) NOT NULL,
    opportunity_id text NOT NULL,
    contact_id text,
    candidate_name text,
    candidate_email text,
    lever_url text,
    posting_id text,
    posting_title text,
    profile_id varchar(36),
    profile_name varchar(200),
    status varchar(30) NOT NULL,
    credit_reserved boolean NOT NULL DEFAULT false,
    scheduled_at timestamptz,
    timezone varchar(64),
    duration_minutes bigint,
    interviewer varchar(200),
    meeting_url varchar(1000),
    verdict varchar(10),
    playback_url varchar(2000),
    summary text,
    ratings text,
    links_revoked_at timestamptz,
    failure_reason varchar(40),
    failure_detail varchar(2000),
    writer_lease timestamptz,
    created_at timestamptz,
    updated_at timestamptz,
    PRIMARY KEY (id)
);
CREATE INDEX idx_interviews_org_status ON interviews (org_id, status);
CREATE UNIQUE INDEX idx_interviews_ref ON interviews (ref);
CREATE INDEX idx_interviews_opportunity_id ON interviews (opportunity_id);
-- One active interview per (org, opportunity) (docs/DESIGN.md §2).
CREATE UNIQUE INDEX idx_interviews_one_active ON interviews (org_id, opportunity_id) WHERE status IN ('to_be_scheduled','scheduled');

CREATE TABLE lever_writes (
    id varchar(36) NOT NULL,
    org_id varchar(36) NOT NULL,
    interview_id varchar(36) NOT NULL,
    opportunity_id text NOT NULL,
    seq bigint NOT NULL,
    kind varchar(20) NOT NULL,
    marker varchar(60) NOT NULL,
    stage_id text,
    tag text,
    note_text text,
    status varchar(20) NOT NULL,
    attempts bigint NOT NULL DEFAULT 0,
    lever_note_id text,
    result varchar(2000),
    done_at timestamptz,
    created_at timestamptz,
    updated_at timestamptz,
    PRIMARY KEY (id)
);
CREATE INDEX idx_lever_writes_org_id ON lever_writes (org_id);
CREATE INDEX idx_writes_interview_seq ON lever_writes (interview_id, seq);
CREATE INDEX idx_lever_writes_opportunity_id ON lever_writes (opportunity_id);
CREATE UNIQUE INDEX idx_lever_writes_marker ON lever_writes (marker);
CREATE INDEX idx_lever_writes_status ON lever_writes (status);

CREATE TABLE webhook_deliveries (
    id varchar(36) NOT NULL,
    org_id varchar(36) NOT NULL,
    connection_id varchar(36) NOT NULL,
    token text NOT NULL,
    event text NOT NULL,
    triggered_at bigint NOT NULL,
    opportunity_id text,
    from_stage_id text,
    to_stage_id text,
    body text,
    status varchar(20) NOT NULL,
    reason varchar(2000),
    received_at timestamptz,
    processed_at timestamptz,
    PRIMARY KEY (id)
);
CREATE INDEX idx_webhook_deliveries_org_id ON webhook_deliveries (org_id);
CREATE UNIQUE INDEX idx_delivery_token ON webhook_deliveries (connection_id, token);
CREATE INDEX idx_webhook_deliveries_opportunity_id ON webhook_deliveries (opportunity_id);

CREATE TABLE sync_events (
    id bigserial NOT NULL,
    org_id varchar(36) NOT NULL,
    opportunity_id text,
    interview_id varchar(36),
    delivery_id varchar(36),
    write_id varchar(36),
    candidate_name text,
    candidate_email text,
    at timestamptz NOT NULL,
    kind varchar(40) NOT NULL,
    status varchar(20) NOT NULL,
    message text,
    method varchar(10),
    path text,
    http_status bigint,
    duration_ms bigint,
    attempt bigint,
    PRIMARY KEY (id)
);
CREATE INDEX idx_sync_org_opp ON sync_events (org_id, opportunity_id);
CREATE INDEX idx_sync_org_at ON sync_events (org_id, at);
CREATE INDEX idx_sync_events_opportunity_id ON sync_events (opportunity_id);
CREATE INDEX idx_sync_events_interview_id ON sync_events (interview_id);
