-- Version 25: why a connection needs re-authorization, as the outcome code
-- that recorded it (status_code: refresh_refused, lever_unauthorized), so the
-- Lever screen's words no longer read the free-text status_reason. Rows that
-- need it already were all refused renewals or 401s after one; both are
-- worded as a refused renewal.
ALTER TABLE lever_connections ADD COLUMN status_code text NOT NULL DEFAULT "";
UPDATE lever_connections SET status_code = 'refresh_refused' WHERE status = 'needs_reauth' AND status_code = '';
