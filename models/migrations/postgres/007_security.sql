-- Version 7: the failed-login table the login throttle reads
-- (docs/CONTRACT.md §5) and the per-connection counters of rejected webhook
-- deliveries.
CREATE TABLE IF NOT EXISTS login_failures (
    id varchar(36) PRIMARY KEY,
    email varchar(320) NOT NULL,
    client_addr varchar(64) NOT NULL,
    at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_login_failures_email ON login_failures (email, at);
CREATE INDEX IF NOT EXISTS idx_login_failures_addr ON login_failures (client_addr, at);
CREATE TABLE IF NOT EXISTS webhook_rejections (
    connection_id varchar(36) NOT NULL,
    reason varchar(40) NOT NULL,
    org_id varchar(36) NOT NULL,
    total bigint NOT NULL DEFAULT 0,
    first_at timestamptz NOT NULL,
    last_at timestamptz NOT NULL,
    last_detail varchar(500) NOT NULL DEFAULT '',
    PRIMARY KEY (connection_id, reason)
);
