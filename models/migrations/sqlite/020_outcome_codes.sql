-- Version 20: the typed outcome of each sync-log row (code and its
-- parameters as JSON text) and the code of a delivery's reason and a
-- write's result; rows written before keep their text and get code ''.
ALTER TABLE sync_events ADD COLUMN code text NOT NULL DEFAULT "";
ALTER TABLE sync_events ADD COLUMN params text NOT NULL DEFAULT "";
ALTER TABLE webhook_deliveries ADD COLUMN reason_code text NOT NULL DEFAULT "";
ALTER TABLE lever_writes ADD COLUMN result_code text NOT NULL DEFAULT "";
