-- Version 11: what the secrets lifecycle keeps: API key names, makers and
-- last use; the hashes, sealed copies, issue time and optional expiry of
-- report and playback links; the webhook key's rotation time.
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS name varchar(100) NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS created_by varchar(320) NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS last_used_at timestamptz;
ALTER TABLE interviews ADD COLUMN IF NOT EXISTS report_hash varchar(64) NOT NULL DEFAULT '';
ALTER TABLE interviews ADD COLUMN IF NOT EXISTS playback_hash varchar(64) NOT NULL DEFAULT '';
ALTER TABLE interviews ADD COLUMN IF NOT EXISTS links_sealed bytea;
ALTER TABLE interviews ADD COLUMN IF NOT EXISTS links_issued_at timestamptz;
ALTER TABLE interviews ADD COLUMN IF NOT EXISTS links_expire_at timestamptz;
ALTER TABLE lever_connections ADD COLUMN IF NOT EXISTS webhook_key_rotated_at timestamptz;
CREATE INDEX IF NOT EXISTS idx_interviews_report_hash ON interviews (report_hash) WHERE report_hash <> '';
CREATE INDEX IF NOT EXISTS idx_interviews_playback_hash ON interviews (playback_hash) WHERE playback_hash <> '';
