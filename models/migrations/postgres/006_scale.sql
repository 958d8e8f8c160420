-- Version 6: the columns holding values Lever sends (names, titles, emails,
-- locations, stage/posting/opportunity ids, URLs, tags) become unbounded
-- text: Lever documents no length limit for any of them, and a varchar(n)
-- refused a longer value, so the candidate was lost. varchar(n) to text is
-- binary compatible: no table rewrite, no index rebuild; on a column that is
-- already text it changes nothing. Then the tables shared by every process:
-- the Lever request budget per account (ReserveRate) and the job runners'
-- heartbeats (RescueDeadRunners).
ALTER TABLE lever_connections ALTER COLUMN account_id TYPE text, ALTER COLUMN lever_user_id TYPE text,
    ALTER COLUMN webhook_id TYPE text, ALTER COLUMN stage_to_be_scheduled TYPE text, ALTER COLUMN stage_scheduled TYPE text,
    ALTER COLUMN stage_yes TYPE text, ALTER COLUMN stage_no TYPE text, ALTER COLUMN stage_unable TYPE text;
ALTER TABLE lever_stages ALTER COLUMN id TYPE text, ALTER COLUMN text TYPE text;
ALTER TABLE lever_postings ALTER COLUMN id TYPE text, ALTER COLUMN text TYPE text, ALTER COLUMN state TYPE text,
    ALTER COLUMN team TYPE text, ALTER COLUMN location TYPE text;
ALTER TABLE posting_profiles ALTER COLUMN posting_id TYPE text;
ALTER TABLE interviews ALTER COLUMN opportunity_id TYPE text, ALTER COLUMN contact_id TYPE text,
    ALTER COLUMN candidate_name TYPE text, ALTER COLUMN candidate_email TYPE text, ALTER COLUMN lever_url TYPE text,
    ALTER COLUMN posting_id TYPE text, ALTER COLUMN posting_title TYPE text;
ALTER TABLE lever_writes ALTER COLUMN opportunity_id TYPE text, ALTER COLUMN stage_id TYPE text,
    ALTER COLUMN tag TYPE text, ALTER COLUMN lever_note_id TYPE text;
ALTER TABLE webhook_deliveries ALTER COLUMN token TYPE text, ALTER COLUMN event TYPE text,
    ALTER COLUMN opportunity_id TYPE text, ALTER COLUMN from_stage_id TYPE text, ALTER COLUMN to_stage_id TYPE text;
ALTER TABLE sync_events ALTER COLUMN opportunity_id TYPE text, ALTER COLUMN candidate_name TYPE text,
    ALTER COLUMN candidate_email TYPE text, ALTER COLUMN path TYPE text;
ALTER TABLE sync_candidates ALTER COLUMN opportunity_id TYPE text, ALTER COLUMN candidate_name TYPE text,
    ALTER COLUMN candidate_email TYPE text, ALTER COLUMN name_lower TYPE text, ALTER COLUMN name_tail TYPE text,
    ALTER COLUMN email_lower TYPE text;

CREATE TABLE IF NOT EXISTS lever_rate_budgets (
    account_key text NOT NULL PRIMARY KEY,
    tat_us bigint NOT NULL DEFAULT 0,
    paused_until_us bigint NOT NULL DEFAULT 0,
    reserved_at_us bigint NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS job_runners (
    client_id text NOT NULL PRIMARY KEY,
    beat_ms bigint NOT NULL,
    started_ms bigint NOT NULL
);
