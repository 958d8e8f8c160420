-- Version 23: the Lever user our writes are made as (docs/CONTRACT.md §8),
-- the user Lever refused, and the file name of a report upload in the write
-- ledger.
ALTER TABLE lever_connections ADD COLUMN write_back_user_id text NOT NULL DEFAULT "";
ALTER TABLE lever_connections ADD COLUMN write_back_user_name text NOT NULL DEFAULT "";
ALTER TABLE lever_connections ADD COLUMN write_back_refused text NOT NULL DEFAULT "";
ALTER TABLE lever_connections ADD COLUMN write_back_refused_at datetime;
ALTER TABLE lever_writes ADD COLUMN file_name text NOT NULL DEFAULT "";
