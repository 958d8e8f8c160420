-- Version 7: the failed-login table the login throttle reads
-- (docs/CONTRACT.md §5) and the per-connection counters of rejected webhook
-- deliveries.
CREATE TABLE IF NOT EXISTS login_failures (
    id VARCHAR(36) PRIMARY KEY,
    email VARCHAR(320) NOT NULL,
    client_addr VARCHAR(64) NOT NULL,
    at DATETIME NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_login_failures_email ON login_failures (email, at);
CREATE INDEX IF NOT EXISTS idx_login_failures_addr ON login_failures (client_addr, at);
CREATE TABLE IF NOT EXISTS webhook_rejections (
    connection_id VARCHAR(36) NOT NULL,
    reason VARCHAR(40) NOT NULL,
    org_id VARCHAR(36) NOT NULL,
    total BIGINT NOT NULL DEFAULT 0,
    first_at DATETIME NOT NULL,
    last_at DATETIME NOT NULL,
    last_detail VARCHAR(500) NOT NULL DEFAULT '',
    PRIMARY KEY (connection_id, reason)
);
