-- Version 22: our candidateArchiveChange and candidateDeleted webhooks, each
-- with its own id, signature token and time of the last delivery.
ALTER TABLE lever_connections ADD COLUMN archive_webhook_id text NOT NULL DEFAULT "";
ALTER TABLE lever_connections ADD COLUMN archive_token_enc blob;
ALTER TABLE lever_connections ADD COLUMN archive_last_at datetime;
ALTER TABLE lever_connections ADD COLUMN deleted_webhook_id text NOT NULL DEFAULT "";
ALTER TABLE lever_connections ADD COLUMN deleted_token_enc blob;
ALTER TABLE lever_connections ADD COLUMN deleted_last_at datetime;
