-- Version 9: the default interview profile that catches unmapped postings
-- ('': off) and when setup was finished, on the Lever connection.
-- Connections already enabled once are past setup.
ALTER TABLE lever_connections ADD COLUMN IF NOT EXISTS default_profile_id varchar(36) NOT NULL DEFAULT '';
ALTER TABLE lever_connections ADD COLUMN IF NOT EXISTS setup_done_at timestamptz;
UPDATE lever_connections SET setup_done_at = updated_at WHERE setup_done_at IS NULL AND enabled = true;
