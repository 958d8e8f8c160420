package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// migrateRegions is migration 24: each Lever connection's data centre
// (region, "us" for every connection made before) and the Lever hosts it was
// authorized at: lever_api_url (Data API base) and lever_auth_url (OAuth
// server, for its token refreshes); "" until the next connect or
// DefaultConnectionHosts fills them. Additive, with defaults, on both dialects.
func migrateRegions(tx *gorm.DB) error {
	cols := []struct{ name, ddl string }{
		{"region", `ALTER TABLE lever_connections ADD COLUMN region TEXT NOT NULL DEFAULT 'us'`},
		{"lever_api_url", `ALTER TABLE lever_connections ADD COLUMN lever_api_url TEXT NOT NULL DEFAULT ''`},
		{"lever_auth_url", `ALTER TABLE lever_connections ADD COLUMN lever_auth_url TEXT NOT NULL DEFAULT ''`},
	}
	for _, c := range cols {
		if tx.Migrator().HasColumn(&LeverConnection{}, c.name) {
			continue
		}
		if err := tx.Exec(c.ddl).Error; err != nil {
			return err
		}
	}
	return nil
}

// DefaultConnectionHosts stores apiURL and authURL on every connection of
// region that has no stored hosts (made before migration 24), so from then
// on each connection carries its own. It returns how many it changed.
func (s *Store) DefaultConnectionHosts(ctx context.Context, region, apiURL, authURL string) (int64, error) {
	res := s.db.WithContext(ctx).Model(&LeverConnection{}).Where("region = ? AND lever_api_url = ''", region).
		Updates(map[string]any{"lever_api_url": apiURL, "lever_auth_url": authURL})
	if res.Error != nil {
		return 0, fmt.Errorf("models: default connection hosts: %w", res.Error)
	}
	return res.RowsAffected, nil
}
