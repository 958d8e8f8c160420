package models

import "gorm.io/gorm"

// migrateSecrets (version 11) adds what the secrets lifecycle keeps
// (docs/security.md, "Secrets"): API key names, makers and last use; the
// hashes, sealed copies, issue time and optional expiry of report and
// playback links; and the webhook key's rotation time. Every column is
// nullable or has a default, so it is safe on a live database; each ADD is
// skipped when migration 1 already made the column from today's structs.
func migrateSecrets(tx *gorm.DB) error {
	pg := tx.Dialector.Name() == string(Postgres)
	ts, blob := "datetime", "blob"
	if pg {
		ts, blob = "timestamptz", "bytea"
	}
	cols := []struct{ table, col, def string }{
		{"api_keys", "name", "varchar(100) NOT NULL DEFAULT ''"},
		{"api_keys", "created_by", "varchar(320) NOT NULL DEFAULT ''"},
		{"api_keys", "last_used_at", ts},
		{"interviews", "report_hash", "varchar(64) NOT NULL DEFAULT ''"},
		{"interviews", "playback_hash", "varchar(64) NOT NULL DEFAULT ''"},
		{"interviews", "links_sealed", blob},
		{"interviews", "links_issued_at", ts},
		{"interviews", "links_expire_at", ts},
		{"lever_connections", "webhook_key_rotated_at", ts},
	}
	for _, c := range cols {
		if tx.Migrator().HasColumn(c.table, c.col) {
			continue
		}
		if err := tx.Exec(`ALTER TABLE ` + c.table + ` ADD COLUMN ` + c.col + ` ` + c.def).Error; err != nil {
			return err
		}
	}
	for _, q := range []string{
		`CREATE INDEX IF NOT EXISTS idx_interviews_report_hash ON interviews (report_hash) WHERE report_hash <> ''`,
		`CREATE INDEX IF NOT EXISTS idx_interviews_playback_hash ON interviews (playback_hash) WHERE playback_hash <> ''`,
	} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}
