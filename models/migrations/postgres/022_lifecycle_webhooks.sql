-- Version 22: our candidateArchiveChange and candidateDeleted webhooks, each
-- with its own id, signature token and time of the last delivery.
ALTER TABLE lever_connections ADD COLUMN IF NOT EXISTS archive_webhook_id text NOT NULL DEFAULT '';
ALTER TABLE lever_connections ADD COLUMN IF NOT EXISTS archive_token_enc bytea;
ALTER TABLE lever_connections ADD COLUMN IF NOT EXISTS archive_last_at timestamptz;
ALTER TABLE lever_connections ADD COLUMN IF NOT EXISTS deleted_webhook_id text NOT NULL DEFAULT '';
ALTER TABLE lever_connections ADD COLUMN IF NOT EXISTS deleted_token_enc bytea;
ALTER TABLE lever_connections ADD COLUMN IF NOT EXISTS deleted_last_at timestamptz;
