package models

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// AttentionItem is one candidate that is blocked or failed and needs a
// person: a failed delivery, a failed Lever write, a pickup that ended in
// Unable to schedule for a reason the organization can fix, Lever writes
// paused, or a candidate with an interview in progress moved in Lever out
// of the integration's stages (AttentionLeftStage).
type AttentionItem struct {
	OrgID          string
	OpportunityID  string
	CandidateName  string
	CandidateEmail string
	InterviewID    string
	DeliveryID     string
	WriteID        string
	Kind           string // "delivery", "write", "pickup", "paused" or "left_stage"
	Reason         string // plain words
	ReasonCode     string // pickup: the interview's failure reason (e.g. "posting_not_mapped"); paused: "disabled", "disconnected" or "needs_reauth"
	// Code is the sync-log outcome code of the failure (docs/CONTRACT.md
	// §7; "" for paused items and rows from before codes) and Params its
	// parameters that advice names (a pickup's posting and profile).
	Code   string
	Params map[string]string
	At     time.Time
}

// pickupCode is the sync-log outcome code of a pickup that ended in
// Unable to schedule: its failure reason, except that a posting we do not
// know (no title stored) is posting_unknown.
func pickupCode(iv Interview) string {
	if iv.FailureReason == "posting_not_mapped" && iv.PostingTitle == "" {
		return "posting_unknown"
	}
	return iv.FailureReason
}

// fixablePickupReasons are Unable-to-schedule reasons an admin can fix.
var fixablePickupReasons = []string{"no_posting", "posting_not_mapped", "profile_deleted", "insufficient_credits"}

// attentionSQL selects every blocked or failed step of orgID ("" = every
// org) as NeedsAttention lists them, one row per item: (org_id,
// opportunity_id, kind, item_id, at), at being when the item arose. Each
// part reads a partial index of failed rows (migration 5).
func attentionSQL(orgID string) string {
	org := ""
	if orgID != "" {
		org = " AND x.org_id = @org"
	}
	return `SELECT x.org_id, x.opportunity_id, 'delivery' AS kind, x.id AS item_id, x.received_at AS at FROM webhook_deliveries x WHERE x.status = @failed` + org + `
		AND NOT EXISTS (SELECT 1 FROM interviews i WHERE i.org_id = x.org_id AND i.opportunity_id = x.opportunity_id AND i.created_at > x.received_at)
	UNION SELECT x.org_id, x.opportunity_id, 'write' AS kind, x.id AS item_id, x.updated_at AS at FROM lever_writes x WHERE x.status = @wfailed` + org + `
	UNION SELECT x.org_id, x.opportunity_id, 'pickup' AS kind, x.id AS item_id, x.created_at AS at FROM interviews x WHERE x.status = @unable AND x.failure_reason IN @reasons` + org + `
		AND NOT EXISTS (SELECT 1 FROM interviews n WHERE n.org_id = x.org_id AND n.opportunity_id = x.opportunity_id AND n.created_at > x.created_at)
	UNION ` + pausedSQL(org) + `
	UNION ` + leftStageSQL(org)
}

// openAttentionSQL is attentionSQL without the items a person resolved or
// dismissed after they arose.
func openAttentionSQL(orgID string) string {
	return `SELECT t.* FROM (` + attentionSQL(orgID) + `) t WHERE NOT EXISTS (SELECT 1 FROM attention_resolutions r
		WHERE r.org_id = t.org_id AND r.item_kind = t.kind AND r.item_id = t.item_id AND r.at >= t.at)`
}

func attentionArgs(orgID string) map[string]any {
	return map[string]any{"org": orgID, "reasons": fixablePickupReasons, "failed": DeliveryFailed, "wfailed": WriteFailed, "unable": StatusUnable,
		"pending": WritePending, "connected": ConnConnected, "off": false,
		"active": []string{StatusToBeScheduled, StatusScheduled}, "stagechange": "candidateStageChange"}
}

// CountNeedsAttention returns how many candidates of the organization ("" =
// every org) have an open item (NeedsAttention, one per candidate; resolved
// and dismissed items do not count); 0 when the count fails, so a page frame
// never breaks on it.
func (s *Store) CountNeedsAttention(ctx context.Context, orgID string) int {
	if needOrg(orgID, "count attention") != nil {
		return 0
	}
	return s.countOpen(ctx, orgID)
}

func (s *Store) countOpen(ctx context.Context, orgID string) int {
	var n int64
	q := "SELECT COUNT(*) FROM (SELECT DISTINCT o.org_id, o.opportunity_id FROM (" + openAttentionSQL(orgID) + ") o) c"
	if err := s.db.WithContext(ctx).Raw(q, attentionArgs(orgID)).Scan(&n).Error; err != nil {
		return 0
	}
	return int(n)
}

// NeedsAttention lists the organization's ("" = every org) open blocked or
// failed steps, newest first, at most limit (0 = all): failed deliveries not
// followed by an interview, failed writes, fixable pickup failures not
// followed by a newer interview for the same opportunity, Lever writes
// paused because the integration is off or Lever is not connected, and
// candidates with an interview in progress whom a recruiter moved in Lever
// to a stage the integration does not use (left the stage). Items a
// person resolved or dismissed after they arose are left out; the others
// clear themselves when their cause is fixed (a Retry succeeds, a newer
// interview starts, the integration is turned on again, the candidate is
// moved back into a mapped stage or the interview ends).
func (s *Store) NeedsAttention(ctx context.Context, orgID string, limit int) ([]AttentionItem, error) {
	if err := needOrg(orgID, "needs attention"); err != nil {
		return nil, err
	}
	return s.needsAttention(ctx, orgID, limit)
}

func (s *Store) needsAttention(ctx context.Context, orgID string, limit int) ([]AttentionItem, error) {
	db := s.db.WithContext(ctx)
	scope := func(q string) string {
		if orgID == "" {
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
		items = append(items, AttentionItem{OrgID: d.OrgID, OpportunityID: d.OpportunityID, DeliveryID: d.ID, Kind: "delivery", Reason: d.Reason, Code: d.ReasonCode, At: d.ReceivedAt})
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
			InterviewID: w.InterviewID, WriteID: w.ID, Kind: "write", Reason: w.Result, Code: w.ResultCode, At: w.UpdatedAt})
	}
	var ivs []Interview
	err = db.Raw(scope(`SELECT x.* FROM interviews x WHERE x.status = @unable AND x.failure_reason IN @reasons
		AND NOT EXISTS (SELECT 1 FROM interviews n WHERE n.org_id = x.org_id AND n.opportunity_id = x.opportunity_id AND n.created_at > x.created_at)`), args).Scan(&ivs).Error
	if err != nil {
		return nil, fmt.Errorf("models: needs attention: %w", err)
	}
	for _, iv := range ivs {
		items = append(items, AttentionItem{OrgID: iv.OrgID, OpportunityID: iv.OpportunityID, CandidateName: iv.CandidateName, CandidateEmail: iv.CandidateEmail,
			InterviewID: iv.ID, Kind: "pickup", Reason: iv.FailureDetail, ReasonCode: iv.FailureReason, At: iv.CreatedAt,
			Code: pickupCode(iv), Params: map[string]string{"posting": iv.PostingTitle, "profile": iv.ProfileName}})
	}
	paused, err := s.pausedItems(ctx, orgID)
	if err != nil {
		return nil, err
	}
	items = append(items, paused...)
	left, err := s.leftStageItems(ctx, orgID)
	if err != nil {
		return nil, err
	}
	items = append(items, left...)
	if items, err = s.dropResolved(ctx, items); err != nil {
		return nil, err
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

// CountNeedsAttentionAllOrgs is CountNeedsAttention over every
// organization (support staff).
func (s *Store) CountNeedsAttentionAllOrgs(ctx context.Context) int { return s.countOpen(ctx, "") }

// NeedsAttentionAllOrgs is NeedsAttention over every organization (support staff).
func (s *Store) NeedsAttentionAllOrgs(ctx context.Context, limit int) ([]AttentionItem, error) {
	return s.needsAttention(ctx, "", limit)
}
