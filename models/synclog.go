package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Log appends one event to the sync log; At defaults to now (UTC). An event
// about a candidate (with an opportunity id) also updates the candidate's
// SyncCandidate row, and carries the candidate's known name and email so
// every line is searchable. A failure to write the log is returned, never
// hidden.
func (s *Store) Log(ctx context.Context, ev SyncEvent) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	err := s.tx(ctx, func(tx *gorm.DB) error { return s.logTx(tx, &ev) })
	if err != nil {
		return fmt.Errorf("models: write sync log: %w", err)
	}
	return nil
}

// logTx writes ev (its candidate row first) inside tx.
func (s *Store) logTx(tx *gorm.DB, ev *SyncEvent) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	ev.Message = truncate(ev.Message, 4000)
	if ev.OpportunityID != "" {
		name, email, err := upsertCandidate(tx, ev)
		if err != nil {
			return err
		}
		if ev.CandidateName == "" {
			ev.CandidateName, ev.CandidateEmail = name, email
		}
	}
	return tx.Create(ev).Error
}

// SyncLogFilter narrows SyncLog to OrgID, or to every organization when
// AllOrgs is set (support staff); with neither, SyncLog answers ErrNoScope.
// Q finds candidates as SyncCandidateFilter.Q does and
// keeps their events.
type SyncLogFilter struct {
	OrgID         string
	AllOrgs       bool
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
	q, err := orgScope(s.db.WithContext(ctx).Model(&SyncEvent{}), "org_id", f.OrgID, f.AllOrgs, "read sync log")
	if err != nil {
		return nil, 0, err
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
		cands := func(match *gorm.DB) *gorm.DB {
			return candidateScope(s.db.WithContext(ctx).Model(&SyncCandidate{}), SyncCandidateFilter{OrgID: f.OrgID, AllOrgs: f.AllOrgs}).Where(match)
		}
		match := cands(s.prefixMatch(f.Q))
		n, err := countCapped(s.db.WithContext(ctx), match)
		if err != nil {
			return nil, 0, fmt.Errorf("models: search sync log: %w", err)
		}
		if n == 0 {
			match = cands(s.substringMatch(f.Q))
		}
		q = q.Where("(org_id, opportunity_id) IN (?)", match.Select("sync_candidates.org_id, sync_candidates.opportunity_id"))
	}
	var total int64
	if f.Limit > 0 {
		// Without a limit the total is the number of rows read.
		if err := q.Count(&total).Error; err != nil {
			return nil, 0, fmt.Errorf("models: count sync log: %w", err)
		}
		q = q.Limit(f.Limit).Offset(f.Offset)
	}
	order := "id"
	if f.Newest {
		order = "id DESC"
	}
	var out []SyncEvent
	if err := q.Order(order).Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("models: read sync log: %w", err)
	}
	if f.Limit <= 0 {
		total = int64(len(out))
	}
	return out, total, nil
}
