-- Version 20: the typed outcome of each sync-log row (code and its
-- parameters as JSON text) and the code of a delivery's reason and a
-- write's result. Constant defaults: no table rewrite, and rows written
-- before keep their text and get code ''.
ALTER TABLE sync_events ADD COLUMN IF NOT EXISTS code varchar(60) NOT NULL DEFAULT '';
ALTER TABLE sync_events ADD COLUMN IF NOT EXISTS params text NOT NULL DEFAULT '';
ALTER TABLE webhook_deliveries ADD COLUMN IF NOT EXISTS reason_code varchar(60) NOT NULL DEFAULT '';
ALTER TABLE lever_writes ADD COLUMN IF NOT EXISTS result_code varchar(60) NOT NULL DEFAULT '';
