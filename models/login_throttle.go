package models

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// LoginFailure is one failed login attempt (docs/CONTRACT.md §5), kept in the
// database so that the limits hold across every app process. Email is
// lower-cased; ClientAddr is the client's IP address; At is UTC. Rows older
// than the throttle window are purged.
type LoginFailure struct {
	ID         string    `gorm:"primaryKey;size:36"`
	Email      string    `gorm:"size:320;not null"`
	ClientAddr string    `gorm:"size:64;not null"`
	At         time.Time `gorm:"not null"`
}

// TableName is login_failures (created by migration 7).
func (LoginFailure) TableName() string { return "login_failures" }

// LoginLimits are the failed-login limits: at most PerEmail failures for one
// email and PerAddr from one client address within Window.
type LoginLimits struct {
	Window            time.Duration
	PerEmail, PerAddr int
}

// DefaultLoginLimits are docs/CONTRACT.md §5's: 10 per email, 50 per client
// address, in 15 minutes.
var DefaultLoginLimits = LoginLimits{Window: 15 * time.Minute, PerEmail: 10, PerAddr: 50}

// RecordLoginFailure stores a failed attempt for email from addr.
func (s *Store) RecordLoginFailure(ctx context.Context, email, addr string) error {
	f := LoginFailure{ID: newID(), Email: normEmail(email), ClientAddr: truncate(addr, 64), At: s.now()}
	if err := s.db.WithContext(ctx).Create(&f).Error; err != nil {
		return fmt.Errorf("models: record login failure: %w", err)
	}
	return nil
}

// LoginRetryAfter reports how long logins for email, or from addr, are
// refused: 0 when neither limit is reached, else the time until enough
// failures have left the sliding window (the PerEmail-th most recent
// failure of the email, or the PerAddr-th of the address, is Window old).
func (s *Store) LoginRetryAfter(ctx context.Context, email, addr string, l LoginLimits) (time.Duration, error) {
	now := s.now()
	wait := time.Duration(0)
	for _, q := range []struct {
		col, val string
		limit    int
	}{{"email", normEmail(email), l.PerEmail}, {"client_addr", addr, l.PerAddr}} {
		if q.limit <= 0 || q.val == "" {
			continue
		}
		var at []time.Time
		err := s.db.WithContext(ctx).Model(&LoginFailure{}).Where(q.col+" = ? AND at > ?", q.val, now.Add(-l.Window)).
			Order("at DESC").Limit(q.limit).Pluck("at", &at).Error
		if err != nil {
			return 0, fmt.Errorf("models: login throttle: %w", err)
		}
		if len(at) >= q.limit {
			wait = max(wait, at[q.limit-1].Add(l.Window).Sub(now))
		}
	}
	return wait, nil
}

// ClearLoginFailures forgets an email's failures (after a successful login).
func (s *Store) ClearLoginFailures(ctx context.Context, email string) error {
	if err := s.db.WithContext(ctx).Where("email = ?", normEmail(email)).Delete(&LoginFailure{}).Error; err != nil {
		return fmt.Errorf("models: clear login failures: %w", err)
	}
	return nil
}

// PurgeLoginFailures deletes failures older than before and reports how many.
func (s *Store) PurgeLoginFailures(ctx context.Context, before time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("at < ?", before.UTC()).Delete(&LoginFailure{})
	if res.Error != nil {
		return 0, fmt.Errorf("models: purge login failures: %w", res.Error)
	}
	return res.RowsAffected, nil
}

func normEmail(e string) string { return truncate(strings.ToLower(strings.TrimSpace(e)), 320) }
