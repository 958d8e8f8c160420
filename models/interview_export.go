package models

import (
	"context"
	"fmt"
)

// EachInterviewBatch calls fn with the interviews matching f (Limit and
// Offset ignored), newest first, size at a time, until fn returns an error
// or none are left. Batches are read by key (created_at, id), not offset,
// so rows created meanwhile never repeat or shift a batch, and no database
// connection is held while fn writes them out.
func (s *Store) EachInterviewBatch(ctx context.Context, f InterviewFilter, size int, fn func([]Interview) error) error {
	if size <= 0 {
		size = 500
	}
	var last *Interview
	for {
		q, err := f.scope(s.db.WithContext(ctx).Model(&Interview{}))
		if err != nil {
			return err
		}
		if last != nil {
			q = q.Where("created_at < ? OR (created_at = ? AND id > ?)", last.CreatedAt, last.CreatedAt, last.ID)
		}
		var batch []Interview
		if err := q.Order("created_at DESC, id").Limit(size).Find(&batch).Error; err != nil {
			return fmt.Errorf("models: export interviews: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		if err := fn(batch); err != nil {
			return err
		}
		if len(batch) < size {
			return nil
		}
		last = &batch[len(batch)-1]
	}
}
