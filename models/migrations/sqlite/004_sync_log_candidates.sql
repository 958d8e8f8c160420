-- Version 4: one row per candidate of the sync log, filled from the events
-- already logged (rebuildSyncCandidates runs after this file). Prefix search
-- needs byte-order indexes: NOCASE, LIKE's collation (values are already
-- lower-cased). On sync_events the name, email and status indexes, which the
-- search no longer reads, give way to a partial index of failed events,
-- which the failed-only filters probe.
CREATE TABLE IF NOT EXISTS sync_candidates (
    org_id text,
    opportunity_id text,
    candidate_name text NOT NULL DEFAULT "",
    candidate_email text NOT NULL DEFAULT "",
    name_lower text NOT NULL DEFAULT "",
    name_tail text NOT NULL DEFAULT "",
    email_lower text NOT NULL DEFAULT "",
    first_at datetime NOT NULL,
    last_at datetime NOT NULL,
    last_kind text NOT NULL DEFAULT "",
    last_status text NOT NULL DEFAULT "",
    last_message text NOT NULL DEFAULT "",
    events integer NOT NULL DEFAULT 0,
    failures integer NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, opportunity_id)
);
CREATE INDEX IF NOT EXISTS `idx_sync_cand_org_last` ON `sync_candidates`(`org_id`,`last_at`);
CREATE INDEX IF NOT EXISTS `idx_sync_cand_opp` ON `sync_candidates`(`opportunity_id`);
CREATE INDEX IF NOT EXISTS `idx_sync_cand_last` ON `sync_candidates`(`last_at`,`first_at`);
CREATE INDEX IF NOT EXISTS idx_sync_cand_name ON sync_candidates (name_lower COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS idx_sync_cand_tail ON sync_candidates (name_tail COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS idx_sync_cand_email ON sync_candidates (email_lower COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS idx_sync_failed ON sync_events (org_id, opportunity_id, kind, at) WHERE status = 'failed';
DROP INDEX IF EXISTS idx_sync_candidate_email;
DROP INDEX IF EXISTS idx_sync_candidate_name;
DROP INDEX IF EXISTS idx_sync_events_status;
