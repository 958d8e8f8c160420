package models

import "gorm.io/gorm"

// migrateSetupScreens is migration 9: the default interview profile that
// catches unmapped postings (off: ”) and when setup was finished, on the
// Lever connection. Both columns are added only when missing, so it runs on
// a fresh database (whose migration 1 may have created them) and on a live
// one alike.
func migrateSetupScreens(tx *gorm.DB) error {
	cols := []struct{ name, pg, lite string }{
		{"default_profile_id", `ALTER TABLE lever_connections ADD COLUMN default_profile_id VARCHAR(36) NOT NULL DEFAULT ''`,
			`ALTER TABLE lever_connections ADD COLUMN default_profile_id TEXT NOT NULL DEFAULT ''`},
		{"setup_done_at", `ALTER TABLE lever_connections ADD COLUMN setup_done_at TIMESTAMPTZ`,
			`ALTER TABLE lever_connections ADD COLUMN setup_done_at DATETIME`},
	}
	for _, c := range cols {
		if tx.Migrator().HasColumn(&LeverConnection{}, c.name) {
			continue
		}
		q := c.lite
		if tx.Dialector.Name() == "postgres" {
			q = c.pg
		}
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	// Connections already enabled once are past setup.
	return tx.Exec(`UPDATE lever_connections SET setup_done_at = updated_at WHERE setup_done_at IS NULL AND enabled = ?`, true).Error
}

// enabledUpdates are the columns SetEnabled writes: enabled, and the first
// time on also setup_done_at (the guided setup ends; the Lever screen then
// shows its sections). c.SetupDoneAt is set to match.
func (s *Store) enabledUpdates(c *LeverConnection, enabled bool) map[string]any {
	set := map[string]any{"enabled": enabled}
	if enabled && c.SetupDoneAt == nil {
		now := s.now()
		set["setup_done_at"], c.SetupDoneAt = now, &now
	}
	return set
}
