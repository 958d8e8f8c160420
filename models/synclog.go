package models

import (
	"context"
	"fmt"
	"strings"
)

// Log appends one event to the sync log; At defaults to now (UTC). A failure
// to write the log is returned, never hidden.
func (s *Store) Log(ctx context.Context, ev SyncEvent) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	ev.Message = truncate(ev.Message, 4000)
	if ev.CandidateName == "" && ev.OpportunityID != "" {
		// Carry the candidate identity forward so every line is searchable.
		var prev SyncEvent
		if s.db.WithContext(ctx).Where("org_id = ? AND opportunity_id = ? AND candidate_name <> ''", ev.OrgID, ev.OpportunityID).
			Order("id DESC").Limit(1).Find(&prev).RowsAffected == 1 {
			ev.CandidateName, ev.CandidateEmail = prev.CandidateName, prev.CandidateEmail
		}
	}
	if err := s.db.WithContext(ctx).Create(&ev).Error; err != nil {
		return fmt.Errorf("models: write sync log: %w", err)
	}
	return nil
}

// SyncLogFilter narrows SyncLog. Empty OrgID means every organization
// (support staff). Q matches the candidate's name or email (substring,
// case-insensitive) or equals an opportunity id.
type SyncLogFilter struct {
	OrgID         string
	OpportunityID string
	InterviewID   string
	Q             string
	Status        string
	Kind          string
	Limit, Offset int
	Newest        bool // newest first instead of oldest first
}

// SyncLog returns matching events (oldest first unless Newest) and the total.
func (s *Store) SyncLog(ctx context.Context, f SyncLogFilter) ([]SyncEvent, int64, error) {
	q := s.db.WithContext(ctx).Model(&SyncEvent{})
	if f.OrgID != "" {
		q = q.Where("org_id = ?", f.OrgID)
	}
	if f.OpportunityID != "" {
		q = q.Where("opportunity_id = ?", f.OpportunityID)
	}
	if f.InterviewID != "" {
		q = q.Where("interview_id = ?", f.InterviewID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.Q != "" {
		like := "%" + strings.ToLower(f.Q) + "%"
		q = q.Where("opportunity_id = ? OR LOWER(candidate_email) LIKE ? OR LOWER(candidate_name) LIKE ?", f.Q, like, like)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("models: count sync log: %w", err)
	}
	order := "id"
	if f.Newest {
		order = "id DESC"
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit).Offset(f.Offset)
	}
	var out []SyncEvent
	if err := q.Order(order).Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("models: read sync log: %w", err)
	}
	return out, total, nil
}
