package models

import (
	"context"
	"errors"
	"fmt"
	"gorm.io/gorm"
)

// Writes returns an interview's planned Lever writes in order.
func (s *Store) Writes(ctx context.Context, interviewID string) ([]LeverWrite, error) {
	var out []LeverWrite
	if err := s.db.WithContext(ctx).Where("interview_id = ?", interviewID).Order("seq").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("models: list writes: %w", err)
	}
	return out, nil
}

// Write returns one of the organization's writes: ErrNotFound for another
// organization's id, ErrNoScope for an empty orgID.
func (s *Store) Write(ctx context.Context, orgID, id string) (*LeverWrite, error) {
	if err := needOrg(orgID, "find write"); err != nil {
		return nil, err
	}
	var w LeverWrite
	if err := s.db.WithContext(ctx).Where("id = ? AND org_id = ?", id, orgID).First(&w).Error; err != nil {
		return nil, notFound(err, "find write")
	}
	return &w, nil
}

// WriteAnyOrg returns a write of any organization by id (support staff).
func (s *Store) WriteAnyOrg(ctx context.Context, id string) (*LeverWrite, error) {
	var w LeverWrite
	if err := s.db.WithContext(ctx).Where("id = ?", id).First(&w).Error; err != nil {
		return nil, notFound(err, "find write")
	}
	return &w, nil
}

// NextPendingWrite returns the interview's first pending write, or ErrNotFound.
func (s *Store) NextPendingWrite(ctx context.Context, interviewID string) (*LeverWrite, error) {
	var w LeverWrite
	err := s.db.WithContext(ctx).Where("interview_id = ? AND status = ?", interviewID, WritePending).Order("seq").First(&w).Error
	if err != nil {
		return nil, notFound(err, "next pending write")
	}
	return &w, nil
}

// CountAttempt records that a write is about to be sent to Lever, so that a
// crash or ambiguous failure later makes the next attempt look for it first.
func (s *Store) CountAttempt(ctx context.Context, w *LeverWrite) error {
	w.Attempts++
	if err := s.db.WithContext(ctx).Model(w).Update("attempts", w.Attempts).Error; err != nil {
		return fmt.Errorf("models: count write attempt: %w", err)
	}
	return nil
}

// FinishWrite sets a write's final status (done, skipped or failed) with
// Lever's answer: the note id for notes, the sync-log outcome code and its
// message (result).
func (s *Store) FinishWrite(ctx context.Context, w *LeverWrite, status, noteID, code, result string) error {
	now := s.now()
	w.Status, w.LeverNoteID, w.ResultCode, w.Result, w.DoneAt = status, noteID, code, truncate(result, 2000), &now
	err := s.db.WithContext(ctx).Model(w).Updates(map[string]any{"status": status, "lever_note_id": noteID, "result_code": code, "result": w.Result, "done_at": now}).Error
	if err != nil {
		return fmt.Errorf("models: finish write: %w", err)
	}
	return nil
}

// SetWriteStage changes the target stage of a not yet done stage move.
func (s *Store) SetWriteStage(ctx context.Context, w *LeverWrite, stageID string) error {
	if err := s.db.WithContext(ctx).Model(w).Where("status <> ?", WriteDone).Update("stage_id", stageID).Error; err != nil {
		return fmt.Errorf("models: set write stage: %w", err)
	}
	w.StageID = stageID
	return nil
}

// RetryWrite sets a failed write back to pending and runs hook (enqueue) in
// the same transaction. ErrNotFound when the write is not the org's or not failed.
func (s *Store) RetryWrite(ctx context.Context, orgID, id string, hook TxHook) (*LeverWrite, error) {
	if err := needOrg(orgID, "retry write"); err != nil {
		return nil, err
	}
	w, err := s.Write(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if w.Status != WriteFailed {
		return nil, &ValidationError{Fields: map[string]string{"write": "only a failed step can be retried"}}
	}
	notFailed := &ValidationError{Fields: map[string]string{"write": "only a failed step can be retried"}}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		// Still failed now: of two Retries at once, one wins.
		res := tx.Model(&LeverWrite{}).Where("id = ? AND status = ?", w.ID, WriteFailed).Updates(map[string]any{"status": WritePending, "result": "", "result_code": ""})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return notFailed
		}
		return runHook(ctx, tx, hook)
	})
	if errors.Is(err, notFailed) {
		return nil, notFailed
	}
	if err != nil {
		return nil, fmt.Errorf("models: retry write: %w", err)
	}
	w.Status = WritePending
	return w, nil
}

// InterviewsWithPendingWrites returns the ids of the organization's
// interviews that still have pending writes, to resume after a reconnect.
func (s *Store) InterviewsWithPendingWrites(ctx context.Context, orgID string) ([]string, error) {
	if err := needOrg(orgID, "pending writes"); err != nil {
		return nil, err
	}
	var ids []string
	q := s.db.WithContext(ctx).Model(&LeverWrite{}).Where("status = ? AND org_id = ?", WritePending, orgID).Distinct("interview_id")
	if err := q.Pluck("interview_id", &ids).Error; err != nil {
		return nil, fmt.Errorf("models: pending writes: %w", err)
	}
	return ids, nil
}

// DoneStageMoves returns the stage ids our own done stage moves put the
// opportunity in, to recognise their webhook echoes.
func (s *Store) DoneStageMoves(ctx context.Context, orgID, opportunityID string) ([]string, error) {
	if err := needOrg(orgID, "done stage moves"); err != nil {
		return nil, err
	}
	var ids []string
	err := s.db.WithContext(ctx).Model(&LeverWrite{}).
		Where("org_id = ? AND opportunity_id = ? AND kind = ? AND status IN ?", orgID, opportunityID, WriteMoveStage, []string{WriteDone, WritePending}).
		Pluck("stage_id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("models: done stage moves: %w", err)
	}
	return ids, nil
}

// Describe says in words what the write does, as a phrase for a sync-log
// sentence ("Will retry {what}"): `adding the tag “intervue.io”`, `moving
// the candidate to “Intervue Yes”` (stages maps Lever stage id → name; an
// id missing from it is shown as "stage <id>"), `posting note IV-…` and
// `uploading the report “….pdf”`. An unknown kind is returned as it is.
// Label is the same write as a page's label.
func (w *LeverWrite) Describe(stages map[string]string) string {
	switch w.Kind {
	case WriteAddTag:
		return "adding the tag “" + w.Tag + "”"
	case WriteMoveStage:
		if name := stages[w.StageID]; name != "" {
			return "moving the candidate to “" + name + "”"
		}
		return "moving the candidate to stage " + w.StageID
	case WritePostNote:
		return "posting note " + w.Marker
	case WriteUploadFile:
		return "uploading the report “" + w.FileName + "”"
	}
	return w.Kind
}

// Label is the write as the interview page and the timeline list it, true
// of a pending, done or failed write alike: `Add tag “intervue.io”`, `Move
// to stage “Intervue Yes”` (stages as in Describe), `Post note (Ref IV-…)`,
// `Attach the report “….pdf”`.
func (w *LeverWrite) Label(stages map[string]string) string {
	switch w.Kind {
	case WriteAddTag:
		return "Add tag “" + w.Tag + "”"
	case WriteMoveStage:
		if name := stages[w.StageID]; name != "" {
			return "Move to stage “" + name + "”"
		}
		return "Move to stage " + w.StageID
	case WritePostNote:
		return "Post note (Ref " + w.Marker + ")"
	case WriteUploadFile:
		return "Attach the report “" + w.FileName + "”"
	}
	return w.Kind
}
