package models

import (
	"context"
	"fmt"
)

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
