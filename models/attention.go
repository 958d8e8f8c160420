package models

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// AttentionItem is one candidate that is blocked or failed and needs a
// person: a failed delivery, a failed Lever write, or a pickup that ended in
// Unable to schedule for a reason the organization can fix.
type AttentionItem struct {
	OrgID         string
	OpportunityID string
	CandidateName string
	InterviewID   string
	DeliveryID    string
	WriteID       string
	Kind          string // "delivery", "write" or "pickup"
	Reason        string // plain words
	At            time.Time
}

// fixablePickupReasons are Unable-to-schedule reasons an admin can fix.
var fixablePickupReasons = []string{"no_posting", "posting_not_mapped", "profile_deleted", "insufficient_credits"}

// NeedsAttention lists the organization's ("" = every org) blocked or
// failed candidates, newest first: failed deliveries not followed by an
// interview, failed writes, and fixable pickup failures not followed by a
// newer interview for the same opportunity.
func (s *Store) NeedsAttention(ctx context.Context, orgID string, limit int) ([]AttentionItem, error) {
	db := s.db.WithContext(ctx)
	scope := func(q string) string {
		if orgID == "" {
			return q
		}
		return q + " AND x.org_id = @org"
	}
	args := map[string]any{"org": orgID, "reasons": fixablePickupReasons, "failed": DeliveryFailed, "wfailed": WriteFailed, "unable": StatusUnable}
	var items []AttentionItem
	var deliveries []WebhookDelivery
	err := db.Raw(scope(`SELECT x.* FROM webhook_deliveries x WHERE x.status = @failed
		AND NOT EXISTS (SELECT 1 FROM interviews i WHERE i.org_id = x.org_id AND i.opportunity_id = x.opportunity_id AND i.created_at > x.received_at)`), args).
		Scan(&deliveries).Error
	if err != nil {
		return nil, fmt.Errorf("models: needs attention: %w", err)
	}
	for _, d := range deliveries {
		items = append(items, AttentionItem{OrgID: d.OrgID, OpportunityID: d.OpportunityID, DeliveryID: d.ID, Kind: "delivery", Reason: d.Reason, At: d.ReceivedAt})
	}
	var writes []struct {
		LeverWrite
		CandidateName string
	}
	err = db.Raw(scope(`SELECT x.*, i.candidate_name FROM lever_writes x JOIN interviews i ON i.id = x.interview_id WHERE x.status = @wfailed`), args).Scan(&writes).Error
	if err != nil {
		return nil, fmt.Errorf("models: needs attention: %w", err)
	}
	for _, w := range writes {
		at := w.UpdatedAt
		items = append(items, AttentionItem{OrgID: w.OrgID, OpportunityID: w.OpportunityID, CandidateName: w.CandidateName, InterviewID: w.InterviewID, WriteID: w.ID, Kind: "write", Reason: w.Result, At: at})
	}
	var ivs []Interview
	err = db.Raw(scope(`SELECT x.* FROM interviews x WHERE x.status = @unable AND x.failure_reason IN @reasons
		AND NOT EXISTS (SELECT 1 FROM interviews n WHERE n.org_id = x.org_id AND n.opportunity_id = x.opportunity_id AND n.created_at > x.created_at)`), args).Scan(&ivs).Error
	if err != nil {
		return nil, fmt.Errorf("models: needs attention: %w", err)
	}
	for _, iv := range ivs {
		items = append(items, AttentionItem{OrgID: iv.OrgID, OpportunityID: iv.OpportunityID, CandidateName: iv.CandidateName, InterviewID: iv.ID, Kind: "pickup", Reason: iv.FailureDetail, At: iv.CreatedAt})
	}
	// Name candidates known only from the log.
	for i := range items {
		if items[i].CandidateName == "" && items[i].OpportunityID != "" {
			var ev SyncEvent
			if db.Where("org_id = ? AND opportunity_id = ? AND candidate_name <> ''", items[i].OrgID, items[i].OpportunityID).Order("id DESC").Limit(1).Find(&ev).RowsAffected == 1 {
				items[i].CandidateName = ev.CandidateName
			}
		}
	}
	sort.Slice(items, func(a, b int) bool { return items[a].At.After(items[b].At) })
	if limit > 0 && len(items) > limit {
		items = items[:limit]
	}
	return items, nil
}
