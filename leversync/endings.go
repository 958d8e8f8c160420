package leversync

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// endInterview ends an interview in progress because of a change made in
// Lever (docs/CONTRACT.md §8): status unable_to_schedule, reason
// organisation_cancelled with detail, the reserved credit returned, and,
// with note, one explaining note planned (never a stage move). Only an
// interview whose status is one of from; otherwise a
// *models.ValidationError.
func (e *Engine) endInterview(ctx context.Context, orgID, id, detail string, note bool, from ...string) (*models.Interview, error) {
	iv, err := e.store.Transition(ctx, orgID, id, func(iv *models.Interview, existing []models.LeverWrite) ([]models.LeverWrite, error) {
		if !slices.Contains(from, iv.Status) {
			return nil, wrongState(iv, "end")
		}
		iv.Status, iv.FailureReason, iv.FailureDetail = models.StatusUnable, ReasonOrgCancel, detail
		if !note {
			return nil, nil
		}
		marker := nextMarker(iv.Ref, "ended", existing)
		return []models.LeverWrite{{Kind: models.WritePostNote, Marker: marker, NoteText: failureNote(iv, marker)}}, nil
	}, CreditRefund, e.enqueueWritesID(orgID, id))
	if err != nil {
		return nil, err
	}
	if iv.CreditReserved {
		e.recordCredit(ctx, iv, CodeCreditReturned)
	}
	return iv, nil
}

// lifecycleEvent decides a delivery that may end an interview in progress
// because of a change in Lever (docs/CONTRACT.md §8): a move of the
// candidate into a stage none of ours, a candidateArchiveChange or a
// candidateDeleted (ingest queues the last two only for a candidate with an
// interview in progress), or the sweep's check (sweepEndings). The
// opportunity is read, so a stale or reordered delivery acts on what is
// true now:
//   - gone (404): the deletion ending (candidateGone);
//   - archived: the interview ends, one note, no stage write;
//   - to be scheduled and now in a stage none of ours: it ends as moved out;
//   - scheduled and moved to a stage none of ours: it stays scheduled and
//     the sync log says the candidate left the stage;
//   - anything else (back in To be Scheduled, unarchived since): nothing.
//
// An anonymized candidate's personal data is erased whatever else happens.
func (e *Engine) lifecycleEvent(ctx context.Context, c *models.LeverConnection, d *models.WebhookDelivery, sub subject,
	finish func(status string, code Code, kv ...any) error) error {
	iv, err := e.store.ActiveInterview(ctx, d.OrgID, d.OpportunityID)
	if errors.Is(err, models.ErrNotFound) {
		return finish(models.DeliverySkipped, CodeNoInterviewInProgress, "event", d.Event)
	}
	if err != nil {
		return err
	}
	opp, err := e.opportunity(ctx, c, sub, d.OpportunityID)
	switch {
	case errors.Is(err, ErrNeedsReauth):
		return errSnooze{e.cfg.ReauthSnooze}
	case lever.StatusOf(err) == 404:
		return e.candidateGone(ctx, iv, finish)
	case permanent(err):
		return finish(models.DeliveryFailed, CodeOpportunityReadFailed, "error", err.Error())
	case err != nil:
		return err
	}
	if opp.IsAnonymized {
		if err := e.eraseCandidate(ctx, iv.OrgID, iv.OpportunityID); err != nil {
			return err
		}
	} else {
		sub.CandidateName, sub.CandidateEmail = candidateName(opp), firstEmail(opp)
	}
	m := c.Mapping()
	names := stageNamesIn(ctx, e.store, c.ID)
	now := names.of(opp.Stage)
	movedOut := opp.Stage != m.ToBeScheduled && !m.Has(opp.Stage)
	switch {
	case opp.Archived != nil:
		return e.end(ctx, iv, "The candidate was archived in Lever.", finish, inProgress, CodeArchivedEnded, "ref", iv.Ref)
	case movedOut && iv.Status == models.StatusToBeScheduled:
		// Only while still to be scheduled: scheduled meanwhile (the event
		// committed after iv was read), it stays scheduled.
		return e.end(ctx, iv, fmt.Sprintf("The candidate was moved in Lever to %s before the interview was scheduled.", now), finish,
			[]string{models.StatusToBeScheduled}, CodeMovedOutEnded, "ref", iv.Ref, "stage", now)
	case movedOut && d.Event == lever.EventCandidateStageChange:
		return finish(models.DeliverySkipped, CodeLeftStage, "stage", now, "ref", iv.Ref)
	case d.Event == lever.EventCandidateStageChange:
		return finish(models.DeliverySkipped, CodeMovedOutBack, "stage", names.of(d.ToStageID), "to_be_scheduled", now, "ref", iv.Ref)
	}
	return finish(models.DeliverySkipped, CodeNotArchived, "ref", iv.Ref)
}

// inProgress are the statuses of an interview in progress.
var inProgress = []string{models.StatusToBeScheduled, models.StatusScheduled}

// end ends iv with detail and one note (endInterview) if its status, read
// again under the row's lock, is one of from, and finishes the delivery
// with code and kv; an interview whose status changed meanwhile (ended, or
// scheduled by an event when from allows only to be scheduled) finishes as
// skipped (CodeMovedOutChanged).
func (e *Engine) end(ctx context.Context, iv *models.Interview, detail string, finish func(status string, code Code, kv ...any) error, from []string, code Code, kv ...any) error {
	if _, err := e.endInterview(ctx, iv.OrgID, iv.ID, detail, true, from...); err != nil {
		var verr *models.ValidationError
		if errors.As(err, &verr) {
			return finish(models.DeliverySkipped, CodeMovedOutChanged, "ref", iv.Ref, "error", verr.Error())
		}
		return err
	}
	return finish(models.DeliveryProcessed, code, kv...)
}

// opportunity reads one opportunity from Lever (through e.call: the
// account's budget, token refresh, the sync log).
func (e *Engine) opportunity(ctx context.Context, c *models.LeverConnection, sub subject, id string) (*lever.Opportunity, error) {
	var opp *lever.Opportunity
	err := e.call(ctx, c, sub, func(cl *lever.Client) error {
		var err error
		opp, err = cl.Opportunity(ctx, id)
		return err
	})
	return opp, err
}

// candidateGone is the deletion ending (docs/CONTRACT.md §8): the
// interview ends (no Lever write is possible: no note, and its pending
// writes are skipped), the credit comes back, and our copies of the
// candidate's name and email are erased.
func (e *Engine) candidateGone(ctx context.Context, iv *models.Interview, finish func(status string, code Code, kv ...any) error) error {
	if err := e.store.SkipPendingWrites(ctx, iv.OrgID, iv.ID, "The candidate was deleted in Lever: nothing can be written."); err != nil {
		return err
	}
	if _, err := e.endInterview(ctx, iv.OrgID, iv.ID, "The candidate was deleted in Lever.", false, inProgress...); err != nil {
		var verr *models.ValidationError
		if !errors.As(err, &verr) {
			return err
		}
	}
	if err := e.eraseCandidate(ctx, iv.OrgID, iv.OpportunityID); err != nil {
		return err
	}
	return finish(models.DeliveryProcessed, CodeDeletedEnded, "ref", iv.Ref)
}

// eraseCandidate erases our copies of a candidate's personal data
// (models.Store.EraseCandidate) and says so in the sync log.
// Nothing is logged when nothing was left to erase (a later read of an
// anonymized candidate).
func (e *Engine) eraseCandidate(ctx context.Context, orgID, opportunityID string) error {
	n, err := e.store.EraseCandidate(ctx, orgID, opportunityID)
	if err != nil || n == 0 {
		return err
	}
	e.record(ctx, subject{OrgID: orgID, OpportunityID: opportunityID}, CodeCandidateErased)
	return nil
}
