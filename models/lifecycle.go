package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// The Lever webhook events whose webhook id and signature token have their
// own columns besides candidateStageChange's (docs/CONTRACT.md §8; the
// names are Lever's, docs/LEVER_API.md §3.1).
const (
	eventArchiveChange = "candidateArchiveChange"
	eventDeleted       = "candidateDeleted"
)

// eventColumns are the webhook id and sealed token columns of event; ok is
// false for candidateStageChange (webhook_id, signature_token_enc) and any
// other event.
func eventColumns(event string) (idCol, tokenCol string, ok bool) {
	switch event {
	case eventArchiveChange:
		return "archive_webhook_id", "archive_token_enc", true
	case eventDeleted:
		return "deleted_webhook_id", "deleted_token_enc", true
	}
	return "", "", false
}

// SignatureTokenFor returns the signature token deliveries of event must
// be signed with: candidateArchiveChange and candidateDeleted each have
// their own; every other event (candidateStageChange, and events we never
// registered) is checked with the stage-change webhook's token. "" when
// none is stored.
func (s *Store) SignatureTokenFor(c *LeverConnection, event string) (string, error) {
	switch event {
	case eventArchiveChange:
		return s.sealer.Open(c.ArchiveTokenEnc, c.ID)
	case eventDeleted:
		return s.sealer.Open(c.DeletedTokenEnc, c.ID)
	}
	return s.SignatureToken(c)
}

// SetEventWebhook stores the webhook Lever created for event
// (candidateArchiveChange or candidateDeleted) and its signature token;
// an empty id clears both. Other events are an error.
func (s *Store) SetEventWebhook(ctx context.Context, connID, event, webhookID, token string) error {
	idCol, tokenCol, ok := eventColumns(event)
	if !ok {
		return fmt.Errorf("models: set event webhook: %q has no columns of its own", event)
	}
	var sealed any
	if token != "" && webhookID != "" {
		sealed = s.sealer.Seal(token, connID)
	}
	err := s.db.WithContext(ctx).Model(&LeverConnection{}).Where("id = ?", connID).
		Updates(map[string]any{idCol: webhookID, tokenCol: sealed}).Error
	if err != nil {
		return fmt.Errorf("models: set event webhook: %w", err)
	}
	return nil
}

// EventWebhookID is the id of our webhook for event as stored ("" when
// none; candidateStageChange's is c.WebhookID).
func (c *LeverConnection) EventWebhookID(event string) string {
	switch event {
	case eventArchiveChange:
		return c.ArchiveWebhookID
	case eventDeleted:
		return c.DeletedWebhookID
	}
	return c.WebhookID
}

// EraseCandidate removes our copies of a candidate's personal data in
// orgID (docs/CONTRACT.md §8: deleted or anonymized in Lever): the name and
// email on their interviews, on every sync-log line and on their sync-log
// row become "". It returns how many rows still held them (0: nothing was
// left to erase).
func (s *Store) EraseCandidate(ctx context.Context, orgID, opportunityID string) (int64, error) {
	if err := needOrg(orgID, "erase candidate"); err != nil {
		return 0, err
	}
	var n int64
	held := "org_id = ? AND opportunity_id = ? AND (candidate_name <> '' OR candidate_email <> '')"
	err := s.tx(ctx, func(tx *gorm.DB) error {
		for _, u := range []struct {
			model any
			set   map[string]any
		}{
			{&Interview{}, map[string]any{"candidate_name": "", "candidate_email": "", "updated_at": s.now()}},
			{&SyncEvent{}, map[string]any{"candidate_name": "", "candidate_email": ""}},
			{&SyncCandidate{}, map[string]any{"candidate_name": "", "candidate_email": "", "name_lower": "", "name_tail": "", "email_lower": ""}},
		} {
			res := tx.Model(u.model).Where(held, orgID, opportunityID).Updates(u.set)
			if res.Error != nil {
				return res.Error
			}
			n += res.RowsAffected
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("models: erase candidate: %w", err)
	}
	return n, nil
}

// SkipPendingWrites marks every pending Lever write of interview id as
// skipped with reason (the candidate is gone from Lever: nothing can be
// written, and no failure should be raised for it).
func (s *Store) SkipPendingWrites(ctx context.Context, orgID, id, reason string) error {
	if err := needOrg(orgID, "skip pending writes"); err != nil {
		return err
	}
	err := s.db.WithContext(ctx).Model(&LeverWrite{}).Where("org_id = ? AND interview_id = ? AND status = ?", orgID, id, WritePending).
		Updates(map[string]any{"status": WriteSkipped, "result": truncate(reason, 1000)}).Error
	if err != nil {
		return fmt.Errorf("models: skip pending writes: %w", err)
	}
	return nil
}

// TouchEventWebhook records when the last verified delivery of event
// (candidateArchiveChange or candidateDeleted; rare, so every one is
// written) arrived; other events are ignored (TouchWebhook). A failure to
// write it is returned.
func (s *Store) TouchEventWebhook(ctx context.Context, connID, event string, at time.Time) error {
	col := map[string]string{eventArchiveChange: "archive_last_at", eventDeleted: "deleted_last_at"}[event]
	if col == "" {
		return nil
	}
	if err := s.db.WithContext(ctx).Model(&LeverConnection{}).Where("id = ?", connID).Update(col, at.UTC()).Error; err != nil {
		return fmt.Errorf("models: touch %s webhook: %w", event, err)
	}
	return nil
}
