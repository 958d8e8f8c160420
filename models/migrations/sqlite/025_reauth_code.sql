-- Version 25: why a connection needs re-authorization, as the outcome code
-- that recorded it (status_code: refresh_refused, lever_unauthorized), so the
-- Lever screen's words no longer read the free-text status_reason. Rows that
-- need it already: the built-in sandbox's restart (its reason is our own
-- sentence, kept as it is), else a refused renewal or a 401 after one, both
-- worded as a refused renewal.
ALTER TABLE lever_connections ADD COLUMN status_code text NOT NULL DEFAULT "";
UPDATE lever_connections SET status_code = 'sandbox_restarted' WHERE status = 'needs_reauth' AND status_code = '' AND status_reason LIKE 'The built-in Lever sandbox%';
UPDATE lever_connections SET status_code = 'refresh_refused' WHERE status = 'needs_reauth' AND status_code = '';
