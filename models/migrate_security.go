package models

import "gorm.io/gorm"

// migrateSecurity (version 7) creates the failed-login table the login
// throttle reads (docs/CONTRACT.md §5) and the per-connection counters of
// rejected webhook deliveries. Explicit SQL for both dialects, IF NOT EXISTS
// throughout: safe on a fresh database and on a live one.
func migrateSecurity(tx *gorm.DB) error {
	ts := "DATETIME"
	if tx.Dialector.Name() == string(Postgres) {
		ts = "TIMESTAMPTZ"
	}
	for _, q := range []string{
		`CREATE TABLE IF NOT EXISTS login_failures (
			id VARCHAR(36) PRIMARY KEY,
			email VARCHAR(320) NOT NULL,
			client_addr VARCHAR(64) NOT NULL,
			at ` + ts + ` NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS idx_login_failures_email ON login_failures (email, at)`,
		`CREATE INDEX IF NOT EXISTS idx_login_failures_addr ON login_failures (client_addr, at)`,
		`CREATE TABLE IF NOT EXISTS webhook_rejections (
			connection_id VARCHAR(36) NOT NULL,
			reason VARCHAR(40) NOT NULL,
			org_id VARCHAR(36) NOT NULL,
			total BIGINT NOT NULL DEFAULT 0,
			first_at ` + ts + ` NOT NULL,
			last_at ` + ts + ` NOT NULL,
			last_detail VARCHAR(500) NOT NULL DEFAULT '',
			PRIMARY KEY (connection_id, reason))`,
	} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}
