-- Version 21: when our webhook was last looked for in Lever and what was found.
ALTER TABLE lever_connections ADD COLUMN IF NOT EXISTS webhook_checked_at timestamptz;
ALTER TABLE lever_connections ADD COLUMN IF NOT EXISTS webhook_check text NOT NULL DEFAULT '';
ALTER TABLE lever_connections ADD COLUMN IF NOT EXISTS webhook_check_error text NOT NULL DEFAULT '';
