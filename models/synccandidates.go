package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// SyncCandidate is one candidate of the sync log: one row per (organization,
// Lever opportunity), kept current by Store.Log. The sync log search reads
// these (one per candidate) instead of the events (many per candidate).
// NameLower, NameTail and EmailLower are lower-cased, space-normalised copies
// for indexed prefix search; NameTail is the name from its second word on
// ("natarajan" for "Priya Natarajan"). Times are UTC; Failures counts failed
// events.
type SyncCandidate struct {
	OrgID          string    `gorm:"primaryKey;size:36;index:idx_sync_cand_org_last,priority:1"`
	OpportunityID  string    `gorm:"primaryKey;type:text;index:idx_sync_cand_opp"`
	CandidateName  string    `gorm:"type:text;not null;default:''"`
	CandidateEmail string    `gorm:"type:text;not null;default:''"`
	NameLower      string    `gorm:"type:text;not null;default:''"`
	NameTail       string    `gorm:"type:text;not null;default:''"`
	EmailLower     string    `gorm:"type:text;not null;default:''"`
	FirstAt        time.Time `gorm:"not null;index:idx_sync_cand_last,priority:2"`
	LastAt         time.Time `gorm:"not null;index:idx_sync_cand_org_last,priority:2;index:idx_sync_cand_last,priority:1"`
	LastKind       string    `gorm:"size:40;not null;default:''"`
	LastStatus     string    `gorm:"size:20;not null;default:''"`
	LastMessage    string    `gorm:"size:500;not null;default:''"`
	Events         int64     `gorm:"not null;default:0"`
	Failures       int64     `gorm:"not null;default:0"`
}

// SyncCandidateFilter narrows SyncCandidates to OrgID, or to every
// organization when AllOrgs is set (support staff); with neither,
// SyncCandidates answers ErrNoScope. Q is a candidate's Lever opportunity id, or
// the start of their email, of their name or of a later word of their name
// (case-insensitive); when no candidate starts with Q, any part of the name or
// email matches. Kind, FailedOnly, From (inclusive) and To (exclusive, UTC)
// keep candidates with at least one such event.
type SyncCandidateFilter struct {
	OrgID         string
	AllOrgs       bool
	OpportunityID string
	Q             string
	Kind          string
	FailedOnly    bool
	From, To      time.Time
	Limit, Offset int
}

// MaxSyncCandidateCount caps the totals SyncCandidates counts: past it the
// total reads "more than 1,000" and the search should be narrowed. Counting
// every match of a broad filter would probe every candidate's events.
const MaxSyncCandidateCount = 1000

// SyncCandidates returns matching candidates, latest activity first, and
// their total (at most MaxSyncCandidateCount+1).
func (s *Store) SyncCandidates(ctx context.Context, f SyncCandidateFilter) ([]SyncCandidate, int64, error) {
	db := s.db.WithContext(ctx)
	if _, err := orgScope(db, "org_id", f.OrgID, f.AllOrgs, "read sync candidates"); err != nil {
		return nil, 0, err
	}
	q := candidateScope(db.Model(&SyncCandidate{}), f)
	if f.Q != "" {
		q = q.Where(s.prefixMatch(f.Q))
	}
	total, err := countCapped(db, q)
	if err == nil && total == 0 && f.Q != "" {
		q = candidateScope(db.Model(&SyncCandidate{}), f).Where(s.substringMatch(f.Q))
		total, err = countCapped(db, q)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("models: count sync candidates: %w", err)
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit).Offset(f.Offset)
	}
	var out []SyncCandidate
	if err := q.Order("sync_candidates.last_at DESC, sync_candidates.org_id, sync_candidates.opportunity_id").Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("models: read sync candidates: %w", err)
	}
	return out, total, nil
}

// countCapped counts q's rows up to MaxSyncCandidateCount+1.
func countCapped(db, q *gorm.DB) (int64, error) {
	var n int64
	capped := q.Session(&gorm.Session{}).Select("1").Limit(MaxSyncCandidateCount + 1)
	err := db.Table("(?) AS c", capped).Count(&n).Error
	return n, err
}

// SyncCandidate returns one candidate of the sync log, or ErrNotFound.
func (s *Store) SyncCandidate(ctx context.Context, orgID, opportunityID string) (*SyncCandidate, error) {
	if err := needOrg(orgID, "sync candidate"); err != nil {
		return nil, err
	}
	var c SyncCandidate
	err := s.db.WithContext(ctx).Where("org_id = ? AND opportunity_id = ?", orgID, opportunityID).Take(&c).Error
	if err != nil {
		return nil, notFound(err, "sync candidate")
	}
	return &c, nil
}

// candidateScope applies f's organization, opportunity and event filters;
// callers have checked f's scope (orgScope), so AllOrgs is the only way an
// empty OrgID gets here.
func candidateScope(q *gorm.DB, f SyncCandidateFilter) *gorm.DB {
	if !f.AllOrgs {
		q = q.Where("sync_candidates.org_id = ?", f.OrgID)
	}
	if f.OpportunityID != "" {
		q = q.Where("sync_candidates.opportunity_id = ?", f.OpportunityID)
	}
	if f.FailedOnly {
		q = q.Where("sync_candidates.failures > 0")
	}
	from, to := f.From.UTC(), f.To.UTC()
	if !f.From.IsZero() {
		q = q.Where("sync_candidates.last_at >= ?", from)
	}
	if !f.To.IsZero() {
		q = q.Where("sync_candidates.first_at < ?", to)
	}
	if f.Kind == "" && f.From.IsZero() && f.To.IsZero() {
		return q
	}
	ev := "SELECT 1 FROM sync_events e WHERE e.org_id = sync_candidates.org_id AND e.opportunity_id = sync_candidates.opportunity_id"
	var args []any
	if f.Kind != "" {
		ev += " AND e.kind = ?"
		args = append(args, f.Kind)
	}
	if f.FailedOnly {
		ev += " AND e.status = ?"
		args = append(args, LogFailed)
	}
	if !f.From.IsZero() {
		ev += " AND e.at >= ?"
		args = append(args, from)
	}
	if !f.To.IsZero() {
		ev += " AND e.at < ?"
		args = append(args, to)
	}
	// LIMIT 1 OFFSET 0 keeps the probe a per-candidate index lookup that
	// stops at the first event: left to itself PostgreSQL may hash every
	// event in range, or merge-join whole indexes, to count a capped total.
	exists := "EXISTS (" + ev + " LIMIT 1 OFFSET 0)"
	if f.Kind == "" && !f.FailedOnly {
		// The first and last events are events too: a candidate whose first
		// or last event falls in the range needs no probe of its events.
		var own []string
		var ownArgs []any
		if !f.From.IsZero() {
			own = append(own, "sync_candidates.first_at >= ?")
			ownArgs = append(ownArgs, from)
		}
		if !f.To.IsZero() {
			own = append(own, "sync_candidates.last_at < ?")
			ownArgs = append(ownArgs, to)
		}
		exists = strings.Join(own, " OR ") + " OR " + exists
		args = append(ownArgs, args...)
	}
	return q.Where(exists, args...)
}

// prefixMatch matches a candidate's opportunity id, or the start of their
// email, name or a later word of their name (all indexed).
func (s *Store) prefixMatch(text string) *gorm.DB {
	prefix := escapeLike(normalize(text)) + "%"
	return s.db.Where("sync_candidates.opportunity_id = ?", strings.TrimSpace(text)).
		Or(`sync_candidates.email_lower LIKE ? ESCAPE '\'`, prefix).
		Or(`sync_candidates.name_lower LIKE ? ESCAPE '\'`, prefix).
		Or(`sync_candidates.name_tail LIKE ? ESCAPE '\'`, prefix)
}

// substringMatch matches any part of a candidate's name or email (a scan of
// the candidates: the fallback when nothing starts with text).
func (s *Store) substringMatch(text string) *gorm.DB {
	inside := "%" + escapeLike(normalize(text)) + "%"
	return s.db.Where(`sync_candidates.name_lower LIKE ? ESCAPE '\'`, inside).
		Or(`sync_candidates.email_lower LIKE ? ESCAPE '\'`, inside)
}

// normalize lower-cases s and collapses its white space. The result is cut
// at searchKeyBytes: it is a prefix-search key in a B-tree index, whose
// entries PostgreSQL limits to about 2,700 bytes, while a name from Lever
// can be longer (the full name is kept in candidate_name).
func normalize(s string) string {
	return truncate(strings.Join(strings.Fields(strings.ToLower(s)), " "), searchKeyBytes)
}

const searchKeyBytes = 1000

// nameTail is a normalized name from its second word on.
func nameTail(normalized string) string {
	if _, tail, ok := strings.Cut(normalized, " "); ok {
		return tail
	}
	return ""
}

// escapeLike escapes LIKE's wildcards with a backslash (ESCAPE '\').
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// upsertCandidate records ev on its candidate's row in one statement and
// returns the candidate's name and email as now known.
func upsertCandidate(tx *gorm.DB, ev *SyncEvent) (name, email string, err error) {
	nameLower, emailLower := normalize(ev.CandidateName), normalize(ev.CandidateEmail)
	failed := 0
	if ev.Status == LogFailed {
		failed = 1
	}
	var row struct{ CandidateName, CandidateEmail string }
	err = tx.Raw(`INSERT INTO sync_candidates (org_id, opportunity_id, candidate_name, candidate_email, name_lower, name_tail, email_lower,
			first_at, last_at, last_kind, last_status, last_message, events, failures)
		VALUES (@org, @opp, @name, @email, @nl, @nt, @el, @at, @at, @kind, @status, @msg, 1, @failed)
		ON CONFLICT (org_id, opportunity_id) DO UPDATE SET
			candidate_name = CASE WHEN excluded.candidate_name <> '' THEN excluded.candidate_name ELSE sync_candidates.candidate_name END,
			name_lower = CASE WHEN excluded.candidate_name <> '' THEN excluded.name_lower ELSE sync_candidates.name_lower END,
			name_tail = CASE WHEN excluded.candidate_name <> '' THEN excluded.name_tail ELSE sync_candidates.name_tail END,
			candidate_email = CASE WHEN excluded.candidate_email <> '' THEN excluded.candidate_email ELSE sync_candidates.candidate_email END,
			email_lower = CASE WHEN excluded.candidate_email <> '' THEN excluded.email_lower ELSE sync_candidates.email_lower END,
			first_at = CASE WHEN excluded.first_at < sync_candidates.first_at THEN excluded.first_at ELSE sync_candidates.first_at END,
			last_kind = CASE WHEN excluded.last_at >= sync_candidates.last_at THEN excluded.last_kind ELSE sync_candidates.last_kind END,
			last_status = CASE WHEN excluded.last_at >= sync_candidates.last_at THEN excluded.last_status ELSE sync_candidates.last_status END,
			last_message = CASE WHEN excluded.last_at >= sync_candidates.last_at THEN excluded.last_message ELSE sync_candidates.last_message END,
			last_at = CASE WHEN excluded.last_at >= sync_candidates.last_at THEN excluded.last_at ELSE sync_candidates.last_at END,
			events = sync_candidates.events + 1,
			failures = sync_candidates.failures + excluded.failures
		RETURNING candidate_name, candidate_email`,
		map[string]any{"org": ev.OrgID, "opp": ev.OpportunityID, "name": ev.CandidateName, "email": ev.CandidateEmail,
			"nl": nameLower, "nt": nameTail(nameLower), "el": emailLower, "at": ev.At, "kind": ev.Kind, "status": ev.Status,
			"msg": truncate(ev.Message, 500), "failed": failed}).Scan(&row).Error
	return row.CandidateName, row.CandidateEmail, err
}
