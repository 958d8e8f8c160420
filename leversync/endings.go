package leversync

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// movedOut decides a delivery that moved a candidate with an active
// interview into a stage that is none of ours (docs/CONTRACT.md §8). The
// opportunity is read first: a candidate back in To be Scheduled by now
// changes nothing. A to_be_scheduled interview then ends (endInterview:
// unable_to_schedule, organisation_cancelled with what happened, the credit
// returned, one explaining note, the Lever stage left as it is); a scheduled
// one stays scheduled and the sync log says the candidate left the stage.
func (e *Engine) movedOut(ctx context.Context, c *models.LeverConnection, d *models.WebhookDelivery, iv *models.Interview,
	names stageNamer, sub subject, finish func(status string, code Code, kv ...any) error) error {
	m := c.Mapping()
	var opp *lever.Opportunity
	err := e.call(ctx, c, sub, func(cl *lever.Client) error {
		var err error
		opp, err = cl.Opportunity(ctx, d.OpportunityID)
		return err
	})
	switch {
	case errors.Is(err, ErrNeedsReauth):
		return errSnooze{e.cfg.ReauthSnooze}
	case lever.StatusOf(err) == 404:
		return finish(models.DeliverySkipped, CodeMovedOutGone, "stage", names.of(d.ToStageID), "ref", iv.Ref)
	case permanent(err):
		return finish(models.DeliveryFailed, CodeOpportunityReadFailed, "error", err.Error())
	case err != nil:
		return err
	}
	sub.CandidateName, sub.CandidateEmail = candidateName(opp), firstEmail(opp)
	if opp.Stage == m.ToBeScheduled {
		return finish(models.DeliverySkipped, CodeMovedOutBack, "stage", names.of(d.ToStageID), "to_be_scheduled", names.of(m.ToBeScheduled), "ref", iv.Ref)
	}
	now := names.of(opp.Stage)
	if iv.Status == models.StatusScheduled {
		return finish(models.DeliverySkipped, CodeLeftStage, "stage", now, "ref", iv.Ref)
	}
	detail := fmt.Sprintf("The candidate was moved in Lever to %s before the interview was scheduled.", now)
	if _, err := e.endInterview(ctx, c.OrgID, iv.ID, detail, true, models.StatusToBeScheduled); err != nil {
		var verr *models.ValidationError
		if errors.As(err, &verr) {
			// Ended meanwhile (scheduled, completed or failed by an event).
			return finish(models.DeliverySkipped, CodeMovedOutChanged, "stage", now, "ref", iv.Ref, "error", verr.Error())
		}
		return err
	}
	return finish(models.DeliveryProcessed, CodeMovedOutEnded, "ref", iv.Ref, "stage", now)
}

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

// lifecycleEvent decides a candidateArchiveChange or candidateDeleted
// delivery (docs/CONTRACT.md §8); ingest queues them only for a candidate
// with an interview in progress. The opportunity is read, so a stale or
// reordered delivery acts on what is true now: gone (404) is the deletion
// ending (candidateGone); archived ends the interview with one note and
// no stage write; not archived (unarchived since) changes nothing. An
// anonymized candidate's personal data is erased whatever else happens.
func (e *Engine) lifecycleEvent(ctx context.Context, c *models.LeverConnection, d *models.WebhookDelivery, sub subject,
	finish func(status string, code Code, kv ...any) error) error {
	iv, err := e.store.ActiveInterview(ctx, d.OrgID, d.OpportunityID)
	if errors.Is(err, models.ErrNotFound) {
		return finish(models.DeliverySkipped, CodeNoInterviewInProgress, "event", d.Event)
	}
	if err != nil {
		return err
	}
	var opp *lever.Opportunity
	err = e.call(ctx, c, sub, func(cl *lever.Client) error {
		var err error
		opp, err = cl.Opportunity(ctx, d.OpportunityID)
		return err
	})
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
	if opp.Archived == nil {
		return finish(models.DeliverySkipped, CodeNotArchived, "ref", iv.Ref)
	}
	if _, err := e.endInterview(ctx, c.OrgID, iv.ID, "The candidate was archived in Lever.", true, models.StatusToBeScheduled, models.StatusScheduled); err != nil {
		var verr *models.ValidationError
		if errors.As(err, &verr) {
			return finish(models.DeliverySkipped, CodeMovedOutChanged, "stage", "an archive", "ref", iv.Ref, "error", verr.Error())
		}
		return err
	}
	return finish(models.DeliveryProcessed, CodeArchivedEnded, "ref", iv.Ref)
}

// candidateGone is the deletion ending (docs/CONTRACT.md §8): the
// interview ends (no Lever write is possible: no note, and its pending
// writes are skipped), the credit comes back, and our copies of the
// candidate's name and email are erased.
func (e *Engine) candidateGone(ctx context.Context, iv *models.Interview, finish func(status string, code Code, kv ...any) error) error {
	if err := e.store.SkipPendingWrites(ctx, iv.OrgID, iv.ID, "The candidate was deleted in Lever: nothing can be written."); err != nil {
		return err
	}
	if _, err := e.endInterview(ctx, iv.OrgID, iv.ID, "The candidate was deleted in Lever.", false, models.StatusToBeScheduled, models.StatusScheduled); err != nil {
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
func (e *Engine) eraseCandidate(ctx context.Context, orgID, opportunityID string) error {
	if _, err := e.store.EraseCandidate(ctx, orgID, opportunityID); err != nil {
		return err
	}
	e.record(ctx, subject{OrgID: orgID, OpportunityID: opportunityID}, CodeCandidateErased)
	return nil
}
