package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// RecordDelivery stores a verified delivery, unique per (connection, token),
// and runs hook (enqueue) in the same transaction when it is new. It reports
// duplicate=true, without running hook, when the token was seen before.
func (s *Store) RecordDelivery(ctx context.Context, d *WebhookDelivery, hook TxHook) (duplicate bool, err error) {
	d.ID = newID()
	if d.ReceivedAt.IsZero() {
		d.ReceivedAt = s.now()
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(d)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			duplicate = true
			return nil
		}
		if d.Status != DeliveryReceived {
			return nil
		}
		return runHook(ctx, tx, hook)
	})
	if err != nil {
		return false, fmt.Errorf("models: record delivery: %w", err)
	}
	return duplicate, nil
}

// Delivery returns a delivery by id.
func (s *Store) Delivery(ctx context.Context, id string) (*WebhookDelivery, error) {
	var d WebhookDelivery
	if err := s.db.WithContext(ctx).First(&d, "id = ?", id).Error; err != nil {
		return nil, notFound(err, "find delivery")
	}
	return &d, nil
}

// FinishDelivery records the outcome of processing a delivery: its status,
// the sync-log outcome code of the decision and its message (reason).
func (s *Store) FinishDelivery(ctx context.Context, id, status, code, reason string) error {
	now := s.now()
	err := s.db.WithContext(ctx).Model(&WebhookDelivery{}).Where("id = ?", id).
		Updates(map[string]any{"status": status, "reason_code": code, "reason": truncate(reason, 2000), "processed_at": now}).Error
	if err != nil {
		return fmt.Errorf("models: finish delivery: %w", err)
	}
	return nil
}

// DeliveryStats counts deliveries of a connection received since t.
func (s *Store) DeliveryStats(ctx context.Context, connID string, since time.Time) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	err := s.db.WithContext(ctx).Model(&WebhookDelivery{}).Select("status, COUNT(*) AS n").
		Where("connection_id = ? AND received_at >= ?", connID, since).Group("status").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("models: delivery stats: %w", err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// RetryDelivery sets a failed delivery of the org back to received and runs
// hook (enqueue) in the same transaction. Only failed deliveries can be
// retried; others give a *ValidationError.
func (s *Store) RetryDelivery(ctx context.Context, orgID, id string, hook TxHook) (*WebhookDelivery, error) {
	if err := needOrg(orgID, "retry delivery"); err != nil {
		return nil, err
	}
	var d WebhookDelivery
	if err := s.db.WithContext(ctx).First(&d, "org_id = ? AND id = ?", orgID, id).Error; err != nil {
		return nil, notFound(err, "find delivery")
	}
	if d.Status != DeliveryFailed {
		return nil, &ValidationError{Fields: map[string]string{"delivery": "only a failed delivery can be retried"}}
	}
	notFailed := &ValidationError{Fields: map[string]string{"delivery": "only a failed delivery can be retried"}}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		// Still failed now: of two Retries at once, one wins.
		res := tx.Model(&WebhookDelivery{}).Where("id = ? AND status = ?", d.ID, DeliveryFailed).Updates(map[string]any{"status": DeliveryReceived, "reason": "", "reason_code": ""})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return notFailed
		}
		return runHook(ctx, tx, hook)
	})
	if errors.Is(err, notFailed) {
		return nil, notFailed
	}
	if err != nil {
		return nil, fmt.Errorf("models: retry delivery: %w", err)
	}
	d.Status = DeliveryReceived
	return &d, nil
}

// Deliveries returns an org's deliveries for an opportunity, oldest first.
func (s *Store) Deliveries(ctx context.Context, orgID, opportunityID string) ([]WebhookDelivery, error) {
	if err := needOrg(orgID, "deliveries"); err != nil {
		return nil, err
	}
	var out []WebhookDelivery
	err := s.db.WithContext(ctx).Where("org_id = ? AND opportunity_id = ?", orgID, opportunityID).Order("received_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: list deliveries: %w", err)
	}
	return out, nil
}
