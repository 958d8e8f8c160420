package models

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ReasonPostingNotMapped is the failure reason of a pickup whose posting has
// no interview profile (leversync defines the full list).
const ReasonPostingNotMapped = "posting_not_mapped"

// PostingFailure is a posting whose candidates could not be scheduled
// because it has no interview profile: the interviews that failed with
// posting_not_mapped, grouped by posting.
type PostingFailure struct {
	PostingID    string
	PostingTitle string // "" when the posting is unknown to us (confidential, or not loaded)
	Candidates   int
	LastAt       time.Time
}

// UnmappedPostingFailures returns the organization's postings that received
// candidates we could not schedule for want of a profile, most recent first.
func (s *Store) UnmappedPostingFailures(ctx context.Context, orgID string) ([]PostingFailure, error) {
	if err := needOrg(orgID, "unmapped posting failures"); err != nil {
		return nil, err
	}
	var ivs []Interview
	err := s.db.WithContext(ctx).Select("posting_id", "posting_title", "created_at").
		Where("org_id = ? AND failure_reason = ? AND posting_id <> ''", orgID, ReasonPostingNotMapped).
		Find(&ivs).Error
	if err != nil {
		return nil, fmt.Errorf("models: unmapped posting failures: %w", err)
	}
	// Grouped in Go: one org's failed pickups are few, and aggregated
	// timestamps differ between SQLite and PostgreSQL.
	byID := map[string]*PostingFailure{}
	var out []*PostingFailure
	for _, iv := range ivs {
		pf := byID[iv.PostingID]
		if pf == nil {
			pf = &PostingFailure{PostingID: iv.PostingID}
			byID[iv.PostingID] = pf
			out = append(out, pf)
		}
		pf.Candidates++
		if iv.PostingTitle != "" {
			pf.PostingTitle = iv.PostingTitle
		}
		if iv.CreatedAt.After(pf.LastAt) {
			pf.LastAt = iv.CreatedAt.UTC()
		}
	}
	slices.SortFunc(out, func(a, b *PostingFailure) int { return b.LastAt.Compare(a.LastAt) })
	res := make([]PostingFailure, len(out))
	for i, pf := range out {
		res[i] = *pf
	}
	return res, nil
}

// BackfillTokenPrefix starts the token of every synthetic delivery a
// backfill queues: "backfill:<batch>:<opportunity>".
const BackfillTokenPrefix = "backfill:"

// BackfillProgress is how far one backfill batch got: Total deliveries
// queued, Done no longer "received" (processed, skipped or failed), Failed
// among them.
type BackfillProgress struct {
	Batch  string
	Total  int
	Done   int
	Failed int
	At     time.Time // when the batch was queued
}

// Finished reports whether every queued delivery was handled.
func (p BackfillProgress) Finished() bool { return p.Total > 0 && p.Done >= p.Total }

// Percent is Done/Total as 0–100.
func (p BackfillProgress) Percent() int {
	if p.Total == 0 {
		return 0
	}
	return p.Done * 100 / p.Total
}

// validBatch reports whether batch is a batch id we make (lower-case hex),
// which also keeps it literal inside a LIKE pattern.
func validBatch(batch string) bool {
	if batch == "" || len(batch) > 32 {
		return false
	}
	for _, r := range batch {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return false
		}
	}
	return true
}

// Backfill returns the progress of one of the organization's backfill
// batches; ErrNotFound when it queued nothing.
func (s *Store) Backfill(ctx context.Context, orgID, batch string) (*BackfillProgress, error) {
	if err := needOrg(orgID, "backfill"); err != nil {
		return nil, err
	}
	if !validBatch(batch) {
		return nil, fmt.Errorf("models: backfill %q: %w", batch, ErrNotFound)
	}
	var ds []WebhookDelivery
	err := s.db.WithContext(ctx).Select("status", "received_at").
		Where("org_id = ? AND token LIKE ?", orgID, BackfillTokenPrefix+batch+":%").Find(&ds).Error
	if err != nil {
		return nil, fmt.Errorf("models: backfill progress: %w", err)
	}
	if len(ds) == 0 {
		return nil, fmt.Errorf("models: backfill %s: %w", batch, ErrNotFound)
	}
	p := &BackfillProgress{Batch: batch, Total: len(ds)}
	for _, d := range ds {
		if d.Status != DeliveryReceived {
			p.Done++
		}
		if d.Status == DeliveryFailed {
			p.Failed++
		}
		if p.At.IsZero() || d.ReceivedAt.Before(p.At) {
			p.At = d.ReceivedAt.UTC()
		}
	}
	return p, nil
}

// LatestBackfill returns the organization's most recent backfill batch;
// ErrNotFound when there was none.
func (s *Store) LatestBackfill(ctx context.Context, orgID string) (*BackfillProgress, error) {
	if err := needOrg(orgID, "latest backfill"); err != nil {
		return nil, err
	}
	var d WebhookDelivery
	res := s.db.WithContext(ctx).Select("token").Where("org_id = ? AND token LIKE ?", orgID, BackfillTokenPrefix+"%").
		Order("received_at DESC, id DESC").Limit(1).Find(&d)
	if res.Error != nil {
		return nil, fmt.Errorf("models: latest backfill: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, fmt.Errorf("models: latest backfill: %w", ErrNotFound)
	}
	batch, _, _ := strings.Cut(strings.TrimPrefix(d.Token, BackfillTokenPrefix), ":")
	return s.Backfill(ctx, orgID, batch)
}

// BackfillRunning reports whether one of the organization's backfill
// deliveries still waits to be processed.
func (s *Store) BackfillRunning(ctx context.Context, orgID string) (bool, error) {
	if err := needOrg(orgID, "backfill running"); err != nil {
		return false, err
	}
	var n int64
	err := s.db.WithContext(ctx).Model(&WebhookDelivery{}).
		Where("org_id = ? AND token LIKE ? AND status = ?", orgID, BackfillTokenPrefix+"%", DeliveryReceived).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("models: backfill running: %w", err)
	}
	return n > 0, nil
}
