package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// WebSession returns a live session row, or ErrNotFound when missing or expired.
func (s *Store) WebSession(ctx context.Context, id string) (*WebSession, error) {
	var ws WebSession
	err := s.db.WithContext(ctx).Where("id = ? AND expires_at > ?", id, s.now()).First(&ws).Error
	if err != nil {
		return nil, notFound(err, "find session")
	}
	return &ws, nil
}

// SaveWebSession inserts or replaces a session row.
func (s *Store) SaveWebSession(ctx context.Context, ws *WebSession) error {
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "id"}},
		DoUpdates: clause.AssignmentColumns([]string{"data", "user_id", "expires_at", "updated_at"}),
	}).Create(ws).Error
	if err != nil {
		return fmt.Errorf("models: save session: %w", err)
	}
	return nil
}

// DeleteWebSession removes a session (logout); a missing one is not an error.
func (s *Store) DeleteWebSession(ctx context.Context, id string) error {
	err := s.db.WithContext(ctx).Delete(&WebSession{}, "id = ?", id).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("models: delete session: %w", err)
	}
	return nil
}

// TouchWebSession records that a session was used at seen (UTC) and moves
// its expiry to expires (the idle limit from now, capped by the absolute one).
func (s *Store) TouchWebSession(ctx context.Context, id string, seen, expires time.Time) error {
	err := s.db.WithContext(ctx).Model(&WebSession{}).Where("id = ?", id).
		UpdateColumns(map[string]any{"updated_at": seen.UTC(), "expires_at": expires.UTC()}).Error
	if err != nil {
		return fmt.Errorf("models: touch session: %w", err)
	}
	return nil
}

// DeleteExpiredWebSessions removes sessions that expired before now.
func (s *Store) DeleteExpiredWebSessions(ctx context.Context) (int64, error) {
	res := s.db.WithContext(ctx).Where("expires_at < ?", time.Now().UTC()).Delete(&WebSession{})
	return res.RowsAffected, res.Error
}
