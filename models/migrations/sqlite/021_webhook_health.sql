-- Version 21: when our webhook was last looked for in Lever and what was found.
ALTER TABLE lever_connections ADD COLUMN webhook_checked_at datetime;
ALTER TABLE lever_connections ADD COLUMN webhook_check text NOT NULL DEFAULT "";
ALTER TABLE lever_connections ADD COLUMN webhook_check_error text NOT NULL DEFAULT "";
