-- Version 11: what the secrets lifecycle keeps: API key names, makers and
-- last use; the hashes, sealed copies, issue time and optional expiry of
-- report and playback links; the webhook key's rotation time.
ALTER TABLE api_keys ADD COLUMN name text NOT NULL DEFAULT "";
ALTER TABLE api_keys ADD COLUMN created_by text NOT NULL DEFAULT "";
ALTER TABLE api_keys ADD COLUMN last_used_at datetime;
ALTER TABLE interviews ADD COLUMN report_hash text NOT NULL DEFAULT "";
ALTER TABLE interviews ADD COLUMN playback_hash text NOT NULL DEFAULT "";
ALTER TABLE interviews ADD COLUMN links_sealed blob;
ALTER TABLE interviews ADD COLUMN links_issued_at datetime;
ALTER TABLE interviews ADD COLUMN links_expire_at datetime;
ALTER TABLE lever_connections ADD COLUMN webhook_key_rotated_at datetime;
CREATE INDEX IF NOT EXISTS idx_interviews_report_hash ON interviews (report_hash) WHERE report_hash <> '';
CREATE INDEX IF NOT EXISTS idx_interviews_playback_hash ON interviews (playback_hash) WHERE playback_hash <> '';
