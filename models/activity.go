package models

import (
	"context"
	"fmt"
	"time"
)

// DayActivity is one UTC day of an organization's activity.
type DayActivity struct {
	Day        time.Time // 00:00 UTC
	Deliveries int64     // webhook deliveries received
	Interviews int64     // interviews created (pickups, failed ones included)
	Failures   int64     // failed sync-log lines
}

// Activity returns the last days UTC days (oldest first, today last), every
// day present even when empty.
func (s *Store) Activity(ctx context.Context, orgID string, days int) ([]DayActivity, error) {
	if err := needOrg(orgID, "activity"); err != nil {
		return nil, err
	}
	today := s.now().Truncate(24 * time.Hour)
	since := today.AddDate(0, 0, -(days - 1))
	out := make([]DayActivity, days)
	index := map[string]int{}
	for i := range out {
		out[i].Day = since.AddDate(0, 0, i)
		index[out[i].Day.Format("2006-01-02")] = i
	}
	count := func(model any, timeCol, extra string, add func(*DayActivity, int64)) error {
		var times []time.Time
		q := s.db.WithContext(ctx).Model(model).Where("org_id = ? AND "+timeCol+" >= ?", orgID, since)
		if extra != "" {
			q = q.Where(extra)
		}
		if err := q.Pluck(timeCol, &times).Error; err != nil {
			return err
		}
		for _, t := range times {
			if i, ok := index[t.UTC().Format("2006-01-02")]; ok {
				add(&out[i], 1)
			}
		}
		return nil
	}
	// Bucketing in Go keeps one query per series portable across SQLite and
	// PostgreSQL; 30 days of one org is a bounded number of rows.
	if err := count(&WebhookDelivery{}, "received_at", "", func(d *DayActivity, n int64) { d.Deliveries += n }); err != nil {
		return nil, fmt.Errorf("models: activity: %w", err)
	}
	if err := count(&Interview{}, "created_at", "", func(d *DayActivity, n int64) { d.Interviews += n }); err != nil {
		return nil, fmt.Errorf("models: activity: %w", err)
	}
	if err := count(&SyncEvent{}, "at", "status = 'failed'", func(d *DayActivity, n int64) { d.Failures += n }); err != nil {
		return nil, fmt.Errorf("models: activity: %w", err)
	}
	return out, nil
}
