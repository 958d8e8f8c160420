package models

import (
	"context"
	"fmt"
	"strings"
)

// RevokeStaffByEmail removes the platform support role from the user with
// this email (matched lower-cased) and reports how many users changed (0 or
// 1). The app calls it for the demo user whenever the built-in sandbox is
// off, so that a database first run as a sandbox demo never keeps a staff
// login with a printed password (docs/CONTRACT.md §5).
func (s *Store) RevokeStaffByEmail(ctx context.Context, email string) (int64, error) {
	res := s.db.WithContext(ctx).Model(&User{}).
		Where("email = ? AND platform_role = ?", strings.ToLower(strings.TrimSpace(email)), PlatformRoleSupport).
		Update("platform_role", "")
	if res.Error != nil {
		return 0, fmt.Errorf("models: revoke staff: %w", res.Error)
	}
	return res.RowsAffected, nil
}
