-- Version 24: each Lever connection's data centre (region, 'us' for every
-- connection made before) and the Lever hosts it was authorized at:
-- lever_api_url (Data API base) and lever_auth_url (OAuth server); '' until
-- the next connect or DefaultConnectionHosts fills them.
ALTER TABLE lever_connections ADD COLUMN region text NOT NULL DEFAULT "us";
ALTER TABLE lever_connections ADD COLUMN lever_api_url text NOT NULL DEFAULT "";
ALTER TABLE lever_connections ADD COLUMN lever_auth_url text NOT NULL DEFAULT "";
