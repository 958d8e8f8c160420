-- Version 4: one row per candidate of the sync log, filled from the events
-- already logged (rebuildSyncCandidates runs after this file). Prefix search
-- needs byte-order indexes: text_pattern_ops. On sync_events the name, email
-- and status indexes, which the search no longer reads, give way to a
-- partial index of failed events, which the failed-only filters probe.
CREATE TABLE IF NOT EXISTS sync_candidates (
    org_id varchar(36) NOT NULL,
    opportunity_id text NOT NULL,
    candidate_name text NOT NULL DEFAULT '',
    candidate_email text NOT NULL DEFAULT '',
    name_lower text NOT NULL DEFAULT '',
    name_tail text NOT NULL DEFAULT '',
    email_lower text NOT NULL DEFAULT '',
    first_at timestamptz NOT NULL,
    last_at timestamptz NOT NULL,
    last_kind varchar(40) NOT NULL DEFAULT '',
    last_status varchar(20) NOT NULL DEFAULT '',
    last_message varchar(500) NOT NULL DEFAULT '',
    events bigint NOT NULL DEFAULT 0,
    failures bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, opportunity_id)
);
CREATE INDEX IF NOT EXISTS idx_sync_cand_org_last ON sync_candidates (org_id, last_at);
CREATE INDEX IF NOT EXISTS idx_sync_cand_opp ON sync_candidates (opportunity_id);
CREATE INDEX IF NOT EXISTS idx_sync_cand_last ON sync_candidates (last_at, first_at);
CREATE INDEX IF NOT EXISTS idx_sync_cand_name ON sync_candidates (name_lower text_pattern_ops);
CREATE INDEX IF NOT EXISTS idx_sync_cand_tail ON sync_candidates (name_tail text_pattern_ops);
CREATE INDEX IF NOT EXISTS idx_sync_cand_email ON sync_candidates (email_lower text_pattern_ops);
CREATE INDEX IF NOT EXISTS idx_sync_failed ON sync_events (org_id, opportunity_id, kind, at) WHERE status = 'failed';
DROP INDEX IF EXISTS idx_sync_candidate_email;
DROP INDEX IF EXISTS idx_sync_candidate_name;
DROP INDEX IF EXISTS idx_sync_events_status;
