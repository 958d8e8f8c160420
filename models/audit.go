package models

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// AuditEntry records who changed an organization's integration settings
// (mapping, toggle, connection, profiles) with the values before and after.
type AuditEntry struct {
	ID         int64     `gorm:"primaryKey;autoIncrement"`
	OrgID      string    `gorm:"size:36;not null;index:idx_audit_org_at,priority:1"`
	At         time.Time `gorm:"not null;index:idx_audit_org_at,priority:2"`
	ActorEmail string    `gorm:"size:320;not null"`
	Action     string    `gorm:"size:60;not null"`
	Before     string    `gorm:"type:text"`
	After      string    `gorm:"type:text"`
}

// Audit appends an audit entry; At defaults to now (UTC).
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	if err := needOrg(e.OrgID, "write audit log"); err != nil {
		return err
	}
	if e.At.IsZero() {
		e.At = s.now()
	}
	if err := s.db.WithContext(ctx).Create(&e).Error; err != nil {
		return fmt.Errorf("models: write audit log: %w", err)
	}
	return nil
}

// AuditLog returns an organization's newest audit entries first.
func (s *Store) AuditLog(ctx context.Context, orgID string, limit int) ([]AuditEntry, error) {
	if err := needOrg(orgID, "audit log"); err != nil {
		return nil, err
	}
	var out []AuditEntry
	if err := s.db.WithContext(ctx).Where("org_id = ?", orgID).Order("id DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("models: read audit log: %w", err)
	}
	return out, nil
}

// AuditJSON renders a value for an audit entry's Before or After ("" for
// nil, or for a value that cannot be encoded), without HTML escaping (the
// page escapes it when shown).
func AuditJSON(v any) string {
	if v == nil {
		return ""
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSpace(b.String())
}

// ConnectionAudit is a connection's state as the audit log records it
// (nil for none); never a token.
func ConnectionAudit(c *LeverConnection) any {
	if c == nil {
		return nil
	}
	return map[string]any{"status": c.Status, "account": c.AccountID, "enabled": c.Enabled, "webhook": WebhookAudit(c)}
}

// WebhookAudit is a connection's webhook registration state in words.
func WebhookAudit(c *LeverConnection) string {
	switch {
	case c.WebhookRegistered:
		return "registered " + c.WebhookID
	case len(c.SignatureTokenEnc) > 0:
		return "set up by hand"
	}
	return "not set up"
}
