package models

import (
	"context"
	"fmt"
)

// WriteBackUser returns the Lever user id our writes are made as
// (perform_as): the one a super admin chose, else the user who connected
// (from the access token, docs/CONTRACT.md §8); "" when neither is known.
func (c *LeverConnection) WriteBackUser() string {
	if c.WriteBackUserID != "" {
		return c.WriteBackUserID
	}
	return c.LeverUserID
}

// WriteBackBlocked reports whether Lever refused the current write-back
// user: writes wait until another user is chosen (or a reconnect changes
// the connecting user while none is chosen).
func (c *LeverConnection) WriteBackBlocked() bool {
	return c.WriteBackRefused != "" && c.WriteBackRefused == c.WriteBackUser()
}

// SetWriteBackUser stores the Lever user (id and display name) the
// organization's writes are made as and clears any refusal; userID ""
// goes back to the user who connected. The caller checks with Lever that
// the user is active. ErrNotFound without a connection.
func (s *Store) SetWriteBackUser(ctx context.Context, orgID, userID, name string) (*LeverConnection, error) {
	if err := needOrg(orgID, "set write-back user"); err != nil {
		return nil, err
	}
	if userID == "" {
		name = ""
	}
	res := s.db.WithContext(ctx).Model(&LeverConnection{}).Where("org_id = ?", orgID).Updates(map[string]any{
		"write_back_user_id": userID, "write_back_user_name": truncate(name, 500), "write_back_refused": "", "write_back_refused_at": nil,
	})
	if res.Error != nil {
		return nil, fmt.Errorf("models: set write-back user: %w", res.Error)
	}
	return s.Connection(ctx, orgID)
}

// MarkWriteBackRefused records that Lever refused userID as perform_as on
// connection connID. It reports whether this is news (the refusal was not
// already recorded for that user), so the caller says so once.
func (s *Store) MarkWriteBackRefused(ctx context.Context, connID, userID string) (bool, error) {
	res := s.db.WithContext(ctx).Model(&LeverConnection{}).Where("id = ? AND write_back_refused <> ?", connID, userID).
		Updates(map[string]any{"write_back_refused": userID, "write_back_refused_at": s.now()})
	if res.Error != nil {
		return false, fmt.Errorf("models: mark write-back user refused: %w", res.Error)
	}
	return res.RowsAffected > 0, nil
}
