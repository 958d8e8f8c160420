package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Actions a person takes on a Needs attention item.
const (
	AttentionResolved  = "resolved"  // the cause was dealt with outside the app
	AttentionDismissed = "dismissed" // nothing will be done about it
)

// MaxAttentionNote is the longest note kept with a resolution (characters).
const MaxAttentionNote = 2000

// AttentionResolution records who resolved or dismissed a Needs attention
// item, when (UTC) and why. An item stays closed while no newer occurrence
// of it arises (for a write, a newer failure after a Retry).
type AttentionResolution struct {
	ID            string    `gorm:"primaryKey;size:36"`
	OrgID         string    `gorm:"size:36;not null"`
	OpportunityID string    `gorm:"size:100;not null"`
	ItemKind      string    `gorm:"size:20;not null"`
	ItemID        string    `gorm:"size:36;not null"`
	Action        string    `gorm:"size:20;not null"`
	Note          string    `gorm:"type:text;not null;default:''"`
	ActorEmail    string    `gorm:"size:320;not null"`
	At            time.Time `gorm:"not null"`
}

// TableName is the resolutions table (migration 19).
func (AttentionResolution) TableName() string { return "attention_resolutions" }

// ItemID is the id an item is resolved by: the delivery, the write, or the
// interview (pickup, paused writes, left the stage).
func (it AttentionItem) ItemID() string {
	switch it.Kind {
	case "delivery":
		return it.DeliveryID
	case "write":
		return it.WriteID
	}
	return it.InterviewID
}

// ResolveAttention closes one open item of orgID (kind and item id as
// NeedsAttention lists them) with action (AttentionResolved or
// AttentionDismissed), a note and who did it. ErrNotFound when orgID has no
// such open item; a *ValidationError for a bad action or a note too long.
func (s *Store) ResolveAttention(ctx context.Context, orgID, kind, itemID, action, note, actor string) (*AttentionResolution, error) {
	if err := needOrg(orgID, "resolve attention"); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	var verr ValidationError
	if action != AttentionResolved && action != AttentionDismissed {
		verr.Add("action", "choose resolve or dismiss")
	}
	if len([]rune(note)) > MaxAttentionNote {
		verr.Add("note", fmt.Sprintf("the note is longer than %d characters", MaxAttentionNote))
	}
	if err := verr.Err(); err != nil {
		return nil, err
	}
	if orgID == "" {
		return nil, errors.New("models: resolve attention: organization id is required")
	}
	items, err := s.NeedsAttention(ctx, orgID, 0)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.Kind != kind || it.ItemID() != itemID {
			continue
		}
		r := &AttentionResolution{ID: newID(), OrgID: orgID, OpportunityID: it.OpportunityID, ItemKind: kind, ItemID: itemID,
			Action: action, Note: note, ActorEmail: actor, At: s.now()}
		if err := s.db.WithContext(ctx).Create(r).Error; err != nil {
			return nil, fmt.Errorf("models: resolve attention: %w", err)
		}
		return r, nil
	}
	return nil, fmt.Errorf("models: resolve attention %s %s: %w", kind, itemID, ErrNotFound)
}

// AttentionResolutions returns the resolutions of one candidate, oldest first.
func (s *Store) AttentionResolutions(ctx context.Context, orgID, opportunityID string) ([]AttentionResolution, error) {
	if err := needOrg(orgID, "attention resolutions"); err != nil {
		return nil, err
	}
	var out []AttentionResolution
	err := s.db.WithContext(ctx).Where("org_id = ? AND opportunity_id = ?", orgID, opportunityID).Order("at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: attention resolutions: %w", err)
	}
	return out, nil
}

// dropResolved removes the items resolved or dismissed at or after they arose.
func (s *Store) dropResolved(ctx context.Context, items []AttentionItem) ([]AttentionItem, error) {
	if len(items) == 0 {
		return items, nil
	}
	ids := make([]string, 0, len(items))
	for _, it := range items {
		ids = append(ids, it.ItemID())
	}
	latest := map[[2]string]time.Time{}
	for start := 0; start < len(ids); start += 500 {
		var rs []AttentionResolution
		err := s.db.WithContext(ctx).Select("item_kind, item_id, at").Where("item_id IN ?", ids[start:min(start+500, len(ids))]).Find(&rs).Error
		if err != nil {
			return nil, fmt.Errorf("models: needs attention: resolutions: %w", err)
		}
		for _, r := range rs {
			k := [2]string{r.ItemKind, r.ItemID}
			if r.At.After(latest[k]) {
				latest[k] = r.At
			}
		}
	}
	out := items[:0]
	for _, it := range items {
		if at, ok := latest[[2]string{it.Kind, it.ItemID()}]; ok && !at.Before(it.At) {
			continue
		}
		out = append(out, it)
	}
	return out, nil
}

// pausedSQL selects, per interview, Lever writes that wait because the
// integration is off or Lever is not connected (org is attentionSQL's
// organization condition on x).
func pausedSQL(org string) string {
	return `SELECT x.org_id, x.opportunity_id, 'paused' AS kind, x.interview_id AS item_id, MAX(x.created_at) AS at FROM lever_writes x
		JOIN lever_connections c ON c.org_id = x.org_id WHERE x.status = @pending AND (c.enabled = @off OR c.status <> @connected)` + org + `
		GROUP BY x.org_id, x.opportunity_id, x.interview_id`
}

// pausedItems lists the interviews of orgID ("" = every org) whose Lever
// writes wait for the integration to be turned on or Lever to be connected.
func (s *Store) pausedItems(ctx context.Context, orgID string) ([]AttentionItem, error) {
	org := ""
	if orgID != "" {
		org = " AND x.org_id = @org"
	}
	var rows []struct {
		OrgID, OpportunityID, ItemID string
		N                            int
		Enabled                      bool
		Status                       string
		CandidateName                string
		CandidateEmail               string
	}
	q := `SELECT x.org_id, x.opportunity_id, x.interview_id AS item_id, COUNT(*) AS n, c.enabled, c.status, i.candidate_name, i.candidate_email
		FROM lever_writes x JOIN lever_connections c ON c.org_id = x.org_id JOIN interviews i ON i.id = x.interview_id
		WHERE x.status = @pending AND (c.enabled = @off OR c.status <> @connected)` + org + `
		GROUP BY x.org_id, x.opportunity_id, x.interview_id, c.enabled, c.status, i.candidate_name, i.candidate_email`
	if err := s.db.WithContext(ctx).Raw(q, attentionArgs(orgID)).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("models: needs attention: paused writes: %w", err)
	}
	out := make([]AttentionItem, 0, len(rows))
	for _, r := range rows {
		// When the item arose: the newest waiting write (as pausedSQL).
		var at struct{ At time.Time }
		err := s.db.WithContext(ctx).Model(&LeverWrite{}).Select("created_at AS at").
			Where("interview_id = ? AND status = ?", r.ItemID, WritePending).Order("created_at DESC").Limit(1).Scan(&at).Error
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("models: needs attention: paused writes: %w", err)
		}
		code, why := "disabled", "the integration is turned off"
		switch {
		case r.Status == ConnNeedsReauth:
			code, why = "needs_reauth", "Lever access needs re-authorization"
		case r.Status != ConnConnected:
			code, why = "disconnected", "Lever is disconnected"
		}
		writes := "1 Lever write waits"
		if r.N != 1 {
			writes = fmt.Sprintf("%d Lever writes wait", r.N)
		}
		out = append(out, AttentionItem{OrgID: r.OrgID, OpportunityID: r.OpportunityID, CandidateName: r.CandidateName, CandidateEmail: r.CandidateEmail,
			InterviewID: r.ItemID, Kind: "paused", Reason: writes + ": " + why + ".", ReasonCode: code, At: at.At})
	}
	return out, nil
}
