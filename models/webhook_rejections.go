package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// WebhookRejection counts the refused webhook deliveries of one connection
// for one reason (bad_signature, malformed, too_large, no_signature_token,
// stale): a counter instead of one sync-log row each, so that an unsigned
// flood cannot fill the log. Times are UTC; LastDetail is the latest
// reason in words (at most 500 bytes).
type WebhookRejection struct {
	ConnectionID string    `gorm:"primaryKey;size:36"`
	Reason       string    `gorm:"primaryKey;size:40"`
	OrgID        string    `gorm:"size:36;not null"`
	Total        int64     `gorm:"not null;default:0"`
	FirstAt      time.Time `gorm:"not null"`
	LastAt       time.Time `gorm:"not null"`
	LastDetail   string    `gorm:"size:500;not null;default:''"`
}

// TableName is webhook_rejections (created by migration 7).
func (WebhookRejection) TableName() string { return "webhook_rejections" }

// CountWebhookRejection adds one refused delivery to the connection's counter
// for reason (one upsert: safe under concurrent rejections and processes).
func (s *Store) CountWebhookRejection(ctx context.Context, orgID, connID, reason, detail string) error {
	if err := needOrg(orgID, "count webhook rejection"); err != nil {
		return err
	}
	now := s.now()
	r := WebhookRejection{ConnectionID: connID, Reason: truncate(reason, 40), OrgID: orgID, Total: 1, FirstAt: now, LastAt: now, LastDetail: truncate(detail, 500)}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "connection_id"}, {Name: "reason"}},
		DoUpdates: clause.Assignments(map[string]any{
			"total": clause.Expr{SQL: "webhook_rejections.total + 1"}, "last_at": now, "last_detail": r.LastDetail,
		}),
	}).Create(&r).Error
	if err != nil {
		return fmt.Errorf("models: count webhook rejection: %w", err)
	}
	return nil
}

// WebhookRejections returns the connection's rejection counters, the most
// recent first.
func (s *Store) WebhookRejections(ctx context.Context, connID string) ([]WebhookRejection, error) {
	var out []WebhookRejection
	if err := s.db.WithContext(ctx).Where("connection_id = ?", connID).Order("last_at DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("models: webhook rejections: %w", err)
	}
	return out, nil
}
