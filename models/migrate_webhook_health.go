package models

import (
	"context"
	"fmt"
	"time"
)

// Webhook check results (LeverConnection.WebhookCheck): what the last look
// at Lever's webhook list found.
const (
	WebhookPresent      = "present"       // our webhook is in Lever
	WebhookReregistered = "re_registered" // it was gone and we registered it again
	WebhookMissing      = "missing"       // it is gone and we may not register it (no scope): fix by hand
	WebhookCheckFailed  = "check_failed"  // Lever could not be asked (WebhookCheckError says why)
)

// SetWebhookCheck stores the outcome of a webhook check of connection
// connID at at (UTC): result is one of the Webhook* check constants,
// errMsg why a check failed or what the admin must fix ("" otherwise).
func (s *Store) SetWebhookCheck(ctx context.Context, connID string, at time.Time, result, errMsg string) error {
	err := s.db.WithContext(ctx).Model(&LeverConnection{}).Where("id = ?", connID).
		Updates(map[string]any{"webhook_checked_at": at.UTC(), "webhook_check": result, "webhook_check_error": truncate(errMsg, 1000)}).Error
	if err != nil {
		return fmt.Errorf("models: set webhook check: %w", err)
	}
	return nil
}
