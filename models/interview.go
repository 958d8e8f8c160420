package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ErrNoCredits is returned by CreateInterview when the organization has no
// interview credit left.
var ErrNoCredits = errors.New("no interview credits left")

// ActiveInterviewError is returned when an opportunity already has an active
// interview; Existing is that interview.
type ActiveInterviewError struct{ Existing Interview }

func (e *ActiveInterviewError) Error() string {
	return fmt.Sprintf("opportunity already has active interview %s (%s)", e.Existing.Ref, e.Existing.Status)
}

// Unwrap makes errors.Is(err, ErrConflict) true.
func (e *ActiveInterviewError) Unwrap() error { return ErrConflict }

// Active reports whether the interview is still in progress.
func (iv *Interview) Active() bool {
	return iv.Status == StatusToBeScheduled || iv.Status == StatusScheduled
}

// Planner decides a state change: it may modify iv and returns the Lever
// writes to plan (Kind, Marker, StageID, Tag, NoteText set), given the writes
// already planned for this interview, oldest first.
type Planner func(iv *Interview, existing []LeverWrite) ([]LeverWrite, error)

// CreateInterview stores a new interview for a pickup: when reserveCredit is
// true one credit is taken from the organization (ErrNoCredits when none),
// then plan writes the first Lever writes, and hook enqueues the job, all in
// one transaction. A second active interview for the opportunity gives an
// *ActiveInterviewError.
func (s *Store) CreateInterview(ctx context.Context, iv *Interview, reserveCredit bool, plan Planner, hook TxHook) (*Interview, error) {
	iv.ID = newID()
	iv.Ref = "IV-" + strings.ToUpper(RandomToken(4)) // 32 bits: unique index backs it
	now := s.now()
	iv.CreatedAt, iv.UpdatedAt = now, now
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if iv.Active() {
			var existing Interview
			err := tx.Where("org_id = ? AND opportunity_id = ? AND status IN ?", iv.OrgID, iv.OpportunityID, []string{StatusToBeScheduled, StatusScheduled}).First(&existing).Error
			if err == nil {
				return &ActiveInterviewError{Existing: existing}
			}
			if !errors.Is(err, gorm.ErrRecordNotFound) {
				return err
			}
		}
		if reserveCredit {
			res := tx.Model(&Organization{}).Where("id = ? AND credits > 0", iv.OrgID).Update("credits", gorm.Expr("credits - 1"))
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				return ErrNoCredits
			}
			iv.CreditReserved = true
		}
		writes, err := plan(iv, nil)
		if err != nil {
			return err
		}
		if err := tx.Create(iv).Error; err != nil {
			return err
		}
		if err := s.insertWrites(tx, iv, writes, 0); err != nil {
			return err
		}
		return runHook(ctx, tx, hook)
	})
	if err != nil {
		var aie *ActiveInterviewError
		if errors.As(err, &aie) || errors.Is(err, ErrNoCredits) {
			return nil, err
		}
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			// Lost a race with a concurrent pickup of the same opportunity.
			existing, ferr := s.ActiveInterview(ctx, iv.OrgID, iv.OpportunityID)
			if ferr == nil {
				return nil, &ActiveInterviewError{Existing: *existing}
			}
		}
		return nil, fmt.Errorf("models: create interview: %w", err)
	}
	return iv, nil
}

// Transition applies a state change to an interview under a row lock: plan
// mutates it and returns the Lever writes to add; both are stored, the
// credit balance is changed by creditDelta(iv) and hook runs, in one
// transaction. Errors from plan are returned as they are.
func (s *Store) Transition(ctx context.Context, orgID, id string, plan Planner, creditDelta func(before, after Interview) int, hook TxHook) (*Interview, error) {
	if err := needOrg(orgID, "transition interview"); err != nil {
		return nil, err
	}
	var iv Interview
	err := s.tx(ctx, func(tx *gorm.DB) error {
		q := tx
		if s.dialect == Postgres {
			q = tx.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		if err := q.First(&iv, "org_id = ? AND id = ?", orgID, id).Error; err != nil {
			return err
		}
		before := iv
		var existing []LeverWrite
		if err := tx.Where("interview_id = ?", id).Order("seq").Find(&existing).Error; err != nil {
			return err
		}
		writes, err := plan(&iv, existing)
		if err != nil {
			return err
		}
		iv.UpdatedAt = s.now()
		if err := tx.Save(&iv).Error; err != nil {
			return err
		}
		if creditDelta != nil {
			if d := creditDelta(before, iv); d != 0 {
				if err := tx.Model(&Organization{}).Where("id = ?", orgID).Update("credits", gorm.Expr("credits + ?", d)).Error; err != nil {
					return err
				}
			}
		}
		if err := s.insertWrites(tx, &iv, writes, len(existing)); err != nil {
			return err
		}
		return runHook(ctx, tx, hook)
	})
	if err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("models: interview %s: %w", id, ErrNotFound)
		}
		var verr *ValidationError
		if errors.As(err, &verr) || errors.Is(err, ErrConflict) {
			return nil, err
		}
		return nil, fmt.Errorf("models: transition interview %s: %w", id, err)
	}
	return &iv, nil
}

func (s *Store) insertWrites(tx *gorm.DB, iv *Interview, writes []LeverWrite, seq int) error {
	for i := range writes {
		w := &writes[i]
		seq++
		w.ID, w.OrgID, w.InterviewID, w.OpportunityID, w.Seq, w.Status = newID(), iv.OrgID, iv.ID, iv.OpportunityID, seq, WritePending
		if w.Marker == "" {
			w.Marker = fmt.Sprintf("%s-%d", iv.Ref, seq)
		}
		if err := tx.Create(w).Error; err != nil {
			return err
		}
	}
	return nil
}

// Interview returns one of the organization's interviews: ErrNotFound for
// another organization's id, ErrNoScope for an empty orgID.
func (s *Store) Interview(ctx context.Context, orgID, id string) (*Interview, error) {
	if err := needOrg(orgID, "find interview"); err != nil {
		return nil, err
	}
	var iv Interview
	if err := s.db.WithContext(ctx).Where("id = ? AND org_id = ?", id, orgID).First(&iv).Error; err != nil {
		return nil, notFound(err, "find interview")
	}
	return &iv, nil
}

// InterviewAnyOrg returns an interview of any organization by id: for
// background workers and support staff only (handlers decide who is staff).
func (s *Store) InterviewAnyOrg(ctx context.Context, id string) (*Interview, error) {
	var iv Interview
	if err := s.db.WithContext(ctx).Where("id = ?", id).First(&iv).Error; err != nil {
		return nil, notFound(err, "find interview")
	}
	return &iv, nil
}

// ActiveInterview returns the opportunity's active interview, or ErrNotFound.
func (s *Store) ActiveInterview(ctx context.Context, orgID, opportunityID string) (*Interview, error) {
	if err := needOrg(orgID, "find active interview"); err != nil {
		return nil, err
	}
	var iv Interview
	err := s.db.WithContext(ctx).Where("org_id = ? AND opportunity_id = ? AND status IN ?", orgID, opportunityID, []string{StatusToBeScheduled, StatusScheduled}).First(&iv).Error
	if err != nil {
		return nil, notFound(err, "find active interview")
	}
	return &iv, nil
}

// InterviewFilter narrows Interviews to OrgID, or to every organization
// when AllOrgs is set (support staff only); with neither, Interviews answers
// ErrNoScope. Q matches candidate name, email, posting or
// opportunity id; Ref is an exact interview reference.
type InterviewFilter struct {
	OrgID         string
	AllOrgs       bool
	Status        string
	OpportunityID string
	Ref           string // an interview reference ("IV-…", upper case)
	Q             string
	CreatedFrom   *time.Time // created at or after (UTC)
	CreatedBefore *time.Time // created before (UTC)
	Limit, Offset int
}

// scope narrows q to the interviews matching f (paging aside).
func (f InterviewFilter) scope(q *gorm.DB) (*gorm.DB, error) {
	q, err := orgScope(q, "org_id", f.OrgID, f.AllOrgs, "list interviews")
	if err != nil {
		return nil, err
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.OpportunityID != "" {
		q = q.Where("opportunity_id = ?", f.OpportunityID)
	}
	if f.Ref != "" {
		q = q.Where("ref = ?", f.Ref)
	}
	if f.Q != "" {
		like := "%" + escapeLike(strings.ToLower(f.Q)) + "%"
		q = q.Where(`LOWER(candidate_name) LIKE ? ESCAPE '\' OR LOWER(candidate_email) LIKE ? ESCAPE '\' OR LOWER(posting_title) LIKE ? ESCAPE '\' OR opportunity_id = ?`, like, like, like, f.Q)
	}
	if f.CreatedFrom != nil {
		q = q.Where("created_at >= ?", f.CreatedFrom.UTC())
	}
	if f.CreatedBefore != nil {
		q = q.Where("created_at < ?", f.CreatedBefore.UTC())
	}
	return q, nil
}

// Interviews returns interviews, newest first, and the total matching count.
func (s *Store) Interviews(ctx context.Context, f InterviewFilter) ([]Interview, int64, error) {
	q, err := f.scope(s.db.WithContext(ctx).Model(&Interview{}))
	if err != nil {
		return nil, 0, err
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("models: count interviews: %w", err)
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit).Offset(f.Offset)
	}
	var out []Interview
	if err := q.Order("created_at DESC, id").Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("models: list interviews: %w", err)
	}
	return out, total, nil
}

// InterviewCounts returns how many of the organization's interviews are in
// each status (ErrNoScope for an empty orgID).
func (s *Store) InterviewCounts(ctx context.Context, orgID string) (map[string]int64, error) {
	if err := needOrg(orgID, "count interviews"); err != nil {
		return nil, err
	}
	return s.interviewCounts(ctx, orgID, false)
}

// InterviewCountsAllOrgs is InterviewCounts over every organization
// (support staff).
func (s *Store) InterviewCountsAllOrgs(ctx context.Context) (map[string]int64, error) {
	return s.interviewCounts(ctx, "", true)
}

func (s *Store) interviewCounts(ctx context.Context, orgID string, all bool) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	q, err := orgScope(s.db.WithContext(ctx).Model(&Interview{}).Select("status, COUNT(*) AS n").Group("status"), "org_id", orgID, all, "count interviews")
	if err != nil {
		return nil, err
	}
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("models: count interviews: %w", err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// AcquireWriteLease claims the right to perform an interview's Lever writes
// for d; it returns false while another worker holds an unexpired lease.
func (s *Store) AcquireWriteLease(ctx context.Context, interviewID string, d time.Duration) (bool, error) {
	now := s.now()
	res := s.db.WithContext(ctx).Model(&Interview{}).
		Where("id = ? AND (writer_lease IS NULL OR writer_lease < ?)", interviewID, now).
		Update("writer_lease", now.Add(d))
	if res.Error != nil {
		return false, fmt.Errorf("models: acquire write lease: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// RenewWriteLease extends a lease this worker holds to now+d.
func (s *Store) RenewWriteLease(ctx context.Context, interviewID string, d time.Duration) error {
	err := s.db.WithContext(ctx).Model(&Interview{}).Where("id = ?", interviewID).Update("writer_lease", s.now().Add(d)).Error
	if err != nil {
		return fmt.Errorf("models: renew write lease: %w", err)
	}
	return nil
}

// ReleaseWriteLease ends a lease taken with AcquireWriteLease.
func (s *Store) ReleaseWriteLease(ctx context.Context, interviewID string) error {
	err := s.db.WithContext(ctx).Model(&Interview{}).Where("id = ?", interviewID).Update("writer_lease", nil).Error
	if err != nil {
		return fmt.Errorf("models: release write lease: %w", err)
	}
	return nil
}

// InterviewByRef returns the interview with an "IV-…" reference (refs are
// unique across organizations) in orgID, or in any organization when all is
// set (support staff); ErrNotFound when there is none, ErrNoScope when
// orgID is empty and all is not set.
func (s *Store) InterviewByRef(ctx context.Context, orgID, ref string, all bool) (*Interview, error) {
	q, err := orgScope(s.db.WithContext(ctx).Where("ref = ?", ref), "org_id", orgID, all, "find interview by reference")
	if err != nil {
		return nil, err
	}
	var iv Interview
	if err := q.Take(&iv).Error; err != nil {
		return nil, notFound(err, "find interview by reference")
	}
	return &iv, nil
}
