package leversync

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// PerformWrites performs an interview's pending Lever writes in order
// (docs/DESIGN.md §2 write ledger). Only one worker at a time does so for an
// interview (a lease in the database); others snooze. When final is true
// (the job's last attempt) a write that still fails is marked failed so it
// shows in the sync log with a Retry action instead of staying pending.
func (e *Engine) PerformWrites(ctx context.Context, interviewID string, final bool) error {
	iv, err := e.store.InterviewAnyOrg(ctx, interviewID)
	if err != nil {
		return err
	}
	sub := subject{OrgID: iv.OrgID, OpportunityID: iv.OpportunityID, InterviewID: iv.ID, CandidateName: iv.CandidateName, CandidateEmail: iv.CandidateEmail}
	ok, err := e.store.AcquireWriteLease(ctx, iv.ID, e.cfg.WriteLease)
	if err != nil {
		return err
	}
	if !ok {
		return errSnooze{2 * time.Second}
	}
	defer e.store.ReleaseWriteLease(context.WithoutCancel(ctx), iv.ID)
	for {
		c, err := e.store.Connection(ctx, iv.OrgID)
		if err != nil {
			return err
		}
		w, err := e.store.NextPendingWrite(ctx, iv.ID)
		if errors.Is(err, models.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		sub.WriteID = w.ID
		names := stageNamesIn(ctx, e.store, c.ID)
		if err := e.store.RenewWriteLease(ctx, iv.ID, e.cfg.WriteLease); err != nil {
			return err
		}
		switch {
		case !c.Enabled:
			e.record(ctx, sub, CodeWritePausedDisabled, "what", w.Describe(names))
			return nil
		case c.Status == models.ConnNeedsReauth:
			return errSnooze{e.cfg.ReauthSnooze}
		case c.Status == models.ConnDisconnected:
			e.record(ctx, sub, CodeWritePausedDisconnected, "what", w.Describe(names))
			return nil
		case c.WriteBackBlocked():
			// Held, not retried: ChooseWriteBackUser resumes it.
			e.record(ctx, sub, CodeWritePausedWriteBack, "what", w.Describe(names), "user", writeBackName(c))
			return nil
		}
		wctx, cancel := e.writeCtx(ctx)
		err = e.performWrite(wctx, c, iv, w, sub)
		cancel()
		switch {
		case err == nil:
			continue
		case errors.Is(err, ErrNeedsReauth):
			return errSnooze{e.cfg.ReauthSnooze}
		case lever.IsPerformAsRefused(err):
			// The write stays pending (nothing applied): it and the
			// organization's other writes wait for a valid user.
			return e.writeBackRefused(ctx, c, sub, w.Describe(names))
		case permanent(err) || final:
			code := CodeWriteFailed
			switch lever.StatusOf(err) {
			case 403:
				code = CodeWriteForbidden
			case 404:
				code = CodeWriteNotFound
			}
			ev := sub.event(code, "what", w.Describe(names), "error", err)
			if err := e.store.FinishWrite(ctx, w, models.WriteFailed, "", ev.Code, ev.Message); err != nil {
				return err
			}
			e.logEvent(ctx, ev)
			continue
		default:
			e.record(ctx, sub, CodeWriteRetrying, "what", w.Describe(names), "error", err)
			return err
		}
	}
}

// leaseMargin is how long before its lease lapses a write is cut short:
// a write still running then could overlap the next worker's.
const leaseMargin = 5 * time.Second

// writeCtx bounds one write by the lease it runs under.
func (e *Engine) writeCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, max(e.cfg.WriteLease-leaseMargin, e.cfg.WriteLease/2))
}

func (e *Engine) performWrite(ctx context.Context, c *models.LeverConnection, iv *models.Interview, w *models.LeverWrite, sub subject) error {
	switch w.Kind {
	case models.WriteAddTag:
		if err := e.store.CountAttempt(ctx, w); err != nil {
			return err
		}
		err := e.call(ctx, c, sub, func(cl *lever.Client) error { return cl.AddTags(ctx, iv.OpportunityID, w.Tag) })
		if err != nil {
			return err
		}
		return e.done(ctx, w, sub, models.WriteDone, "", CodeTagAdded, "tag", w.Tag)
	case models.WriteMoveStage:
		return e.moveStage(ctx, c, iv, w, sub)
	case models.WritePostNote:
		return e.postNote(ctx, c, iv, w, sub)
	case models.WriteUploadFile:
		return e.uploadReport(ctx, c, iv, w, sub)
	}
	return fmt.Errorf("leversync: unknown write kind %q", w.Kind)
}

// done records a write's final status with the outcome code (parameters
// kv) on the write and in the sync log.
func (e *Engine) done(ctx context.Context, w *models.LeverWrite, sub subject, status, noteID string, code Code, kv ...any) error {
	ev := sub.event(code, kv...)
	if err := e.store.FinishWrite(ctx, w, status, noteID, ev.Code, ev.Message); err != nil {
		return err
	}
	e.logEvent(ctx, ev)
	return nil
}

// moveStage moves the candidate only while they are still in one of the
// integration's own stages (To be Scheduled or Scheduled): we never move a
// candidate a recruiter has moved on (docs/DESIGN.md §5, what correct means).
func (e *Engine) moveStage(ctx context.Context, c *models.LeverConnection, iv *models.Interview, w *models.LeverWrite, sub subject) error {
	names := stageNamesIn(ctx, e.store, c.ID)
	var opp *lever.Opportunity
	err := e.call(ctx, c, sub, func(cl *lever.Client) error {
		var err error
		opp, err = cl.Opportunity(ctx, iv.OpportunityID)
		return err
	})
	if err != nil {
		return err
	}
	if opp.Stage == w.StageID {
		return e.done(ctx, w, sub, models.WriteDone, "", CodeStageAlready, "stage", names.of(w.StageID))
	}
	m := c.Mapping()
	if opp.Stage != m.ToBeScheduled && opp.Stage != m.Scheduled {
		return e.done(ctx, w, sub, models.WriteSkipped, "", CodeRecruiterMoved, "stage", names.of(w.StageID), "now", names.of(opp.Stage))
	}
	if err := e.store.CountAttempt(ctx, w); err != nil {
		return err
	}
	err = e.call(ctx, c, sub, func(cl *lever.Client) error { return cl.MoveStage(ctx, iv.OpportunityID, w.StageID) })
	if err != nil {
		return err
	}
	return e.done(ctx, w, sub, models.WriteDone, "", CodeStageMoved, "from", names.of(opp.Stage), "to", names.of(w.StageID))
}

// postNote posts a note exactly once: after any earlier attempt whose outcome
// is unknown, it first looks for the note's reference marker in the
// opportunity's notes (docs/DESIGN.md §2).
func (e *Engine) postNote(ctx context.Context, c *models.LeverConnection, iv *models.Interview, w *models.LeverWrite, sub subject) error {
	if w.Attempts > 0 {
		var notes []lever.Note
		err := e.call(ctx, c, sub, func(cl *lever.Client) error {
			var err error
			notes, err = cl.Notes(ctx, iv.OpportunityID)
			return err
		})
		if err != nil {
			return err
		}
		ref := noteFooter(w.Marker)
		for _, n := range notes {
			if containsRef(n.Text(), ref) {
				return e.done(ctx, w, sub, models.WriteDone, n.ID, CodeNoteFound, "marker", w.Marker, "note_id", n.ID)
			}
		}
	}
	if err := e.store.CountAttempt(ctx, w); err != nil {
		return err
	}
	var noteID string
	err := e.call(ctx, c, sub, func(cl *lever.Client) error {
		var err error
		noteID, err = cl.AddNote(ctx, iv.OpportunityID, w.NoteText)
		return err
	})
	if err != nil {
		return err
	}
	return e.done(ctx, w, sub, models.WriteDone, noteID, CodeNotePosted, "marker", w.Marker, "note_id", noteID)
}

// containsRef reports whether text carries ref as a whole marker ("Ref
// IV-1-scheduled" must not match "Ref IV-1-scheduled-2").
func containsRef(text, ref string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], ref)
		if j < 0 {
			return false
		}
		end := i + j + len(ref)
		if end == len(text) || !isMarkerChar(text[end]) {
			return true
		}
		i = end
	}
}

func isMarkerChar(b byte) bool {
	return b == '-' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}
