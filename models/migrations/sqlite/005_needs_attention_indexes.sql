-- Version 5: partial indexes of the failed rows CountNeedsAttention reads on
-- every page, and the newer-interview probes it makes.
CREATE INDEX IF NOT EXISTS idx_deliveries_failed ON webhook_deliveries (org_id, opportunity_id, received_at) WHERE status = 'failed';
CREATE INDEX IF NOT EXISTS idx_writes_failed ON lever_writes (org_id, opportunity_id) WHERE status = 'failed';
CREATE INDEX IF NOT EXISTS idx_interviews_unable ON interviews (org_id, opportunity_id, created_at) WHERE status = 'unable_to_schedule';
CREATE INDEX IF NOT EXISTS idx_interviews_org_opp ON interviews (org_id, opportunity_id, created_at);
