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
	OrgID          string
	OpportunityID  string
	CandidateName  string
	CandidateEmail string
	InterviewID    string
	DeliveryID     string
	WriteID        string
	Kind           string // "delivery", "write" or "pickup"
	Reason         string // plain words
	ReasonCode     string // pickup: the interview's failure reason (e.g. "posting_not_mapped")
	At             time.Time
}

// fixablePickupReasons are Unable-to-schedule reasons an admin can fix.
var fixablePickupReasons = []string{"no_posting", "posting_not_mapped", "profile_deleted", "insufficient_credits"}

// attentionSQL selects the (org_id, opportunity_id) of every blocked or
// failed step of one organization (@org), or of every one when all, as
// NeedsAttention lists them. Each part reads a partial index of failed rows
// (migration 5).
func attentionSQL(all bool) string {
	org := " AND x.org_id = @org"
	if all {
		org = ""
	}
	return `SELECT x.org_id, x.opportunity_id FROM webhook_deliveries x WHERE x.status = @failed` + org + `
		AND NOT EXISTS (SELECT 1 FROM interviews i WHERE i.org_id = x.org_id AND i.opportunity_id = x.opportunity_id AND i.created_at > x.received_at)
	UNION SELECT x.org_id, x.opportunity_id FROM lever_writes x WHERE x.status = @wfailed` + org + `
	UNION SELECT x.org_id, x.opportunity_id FROM interviews x WHERE x.status = @unable AND x.failure_reason IN @reasons` + org + `
		AND NOT EXISTS (SELECT 1 FROM interviews n WHERE n.org_id = x.org_id AND n.opportunity_id = x.opportunity_id AND n.created_at > x.created_at)`
}

func attentionArgs(orgID string) map[string]any {
	return map[string]any{"org": orgID, "reasons": fixablePickupReasons, "failed": DeliveryFailed, "wfailed": WriteFailed, "unable": StatusUnable}
}

// CountNeedsAttention returns how many candidates of the organization need
// attention (NeedsAttention, one per candidate); 0 when the count fails or
// orgID is empty, so a page frame never breaks on it.
func (s *Store) CountNeedsAttention(ctx context.Context, orgID string) int {
	if needOrg(orgID, "count needs attention") != nil {
		return 0
	}
	return s.countNeedsAttention(ctx, orgID, false)
}

// CountNeedsAttentionAllOrgs is CountNeedsAttention over every organization
// (support staff).
func (s *Store) CountNeedsAttentionAllOrgs(ctx context.Context) int {
	return s.countNeedsAttention(ctx, "", true)
}

func (s *Store) countNeedsAttention(ctx context.Context, orgID string, all bool) int {
	var n int64
	if err := s.db.WithContext(ctx).Raw("SELECT COUNT(*) FROM ("+attentionSQL(all)+") t", attentionArgs(orgID)).Scan(&n).Error; err != nil {
		return 0
	}
	return int(n)
}

// NeedsAttention lists the organization's blocked or failed steps, newest
// first, at most limit (0 = all): failed deliveries not followed by an
// interview, failed writes, and fixable pickup failures not followed by a
// newer interview for the same opportunity. ErrNoScope for an empty orgID.
func (s *Store) NeedsAttention(ctx context.Context, orgID string, limit int) ([]AttentionItem, error) {
	if err := needOrg(orgID, "needs attention"); err != nil {
		return nil, err
	}
	return s.needsAttention(ctx, orgID, false, limit)
}

// NeedsAttentionAllOrgs is NeedsAttention over every organization (support
// staff).
func (s *Store) NeedsAttentionAllOrgs(ctx context.Context, limit int) ([]AttentionItem, error) {
	return s.needsAttention(ctx, "", true, limit)
}

func (s *Store) needsAttention(ctx context.Context, orgID string, all bool, limit int) ([]AttentionItem, error) {
	db := s.db.WithContext(ctx)
	scope := func(q string) string {
		if all {
			return q
		}
		return q + " AND x.org_id = @org"
	}
	args := attentionArgs(orgID)
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
		CandidateName  string
		CandidateEmail string
	}
	err = db.Raw(scope(`SELECT x.*, i.candidate_name, i.candidate_email FROM lever_writes x JOIN interviews i ON i.id = x.interview_id WHERE x.status = @wfailed`), args).Scan(&writes).Error
	if err != nil {
		return nil, fmt.Errorf("models: needs attention: %w", err)
	}
	for _, w := range writes {
		items = append(items, AttentionItem{OrgID: w.OrgID, OpportunityID: w.OpportunityID, CandidateName: w.CandidateName, CandidateEmail: w.CandidateEmail,
			InterviewID: w.InterviewID, WriteID: w.ID, Kind: "write", Reason: w.Result, At: w.UpdatedAt})
	}
	var ivs []Interview
	err = db.Raw(scope(`SELECT x.* FROM interviews x WHERE x.status = @unable AND x.failure_reason IN @reasons
		AND NOT EXISTS (SELECT 1 FROM interviews n WHERE n.org_id = x.org_id AND n.opportunity_id = x.opportunity_id AND n.created_at > x.created_at)`), args).Scan(&ivs).Error
	if err != nil {
		return nil, fmt.Errorf("models: needs attention: %w", err)
	}
	for _, iv := range ivs {
		items = append(items, AttentionItem{OrgID: iv.OrgID, OpportunityID: iv.OpportunityID, CandidateName: iv.CandidateName, CandidateEmail: iv.CandidateEmail,
			InterviewID: iv.ID, Kind: "pickup", Reason: iv.FailureDetail, ReasonCode: iv.FailureReason, At: iv.CreatedAt})
	}
	sort.Slice(items, func(a, b int) bool { return items[a].At.After(items[b].At) })
	if limit > 0 && len(items) > limit {
		items = items[:limit]
	}
	// Name candidates known only from the log.
	for i := range items {
		if items[i].CandidateName != "" || items[i].OpportunityID == "" {
			continue
		}
		if c, err := s.SyncCandidate(ctx, items[i].OrgID, items[i].OpportunityID); err == nil {
			items[i].CandidateName, items[i].CandidateEmail = c.CandidateName, c.CandidateEmail
		}
	}
	return items, nil
}
