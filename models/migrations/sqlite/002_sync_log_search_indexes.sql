-- Version 2: name and email search on the sync log (replaced by version 4).
CREATE INDEX IF NOT EXISTS idx_sync_candidate_email ON sync_events (candidate_email);
CREATE INDEX IF NOT EXISTS idx_sync_candidate_name ON sync_events (candidate_name);
