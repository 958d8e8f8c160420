package leversync

import (
	"context"
	"errors"
	"fmt"

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
	if _, err := e.endInterview(ctx, c.OrgID, iv.ID, detail); err != nil {
		var verr *models.ValidationError
		if errors.As(err, &verr) {
			// Ended meanwhile (scheduled, completed or failed by an event).
			return finish(models.DeliverySkipped, CodeMovedOutChanged, "stage", now, "ref", iv.Ref, "error", verr.Error())
		}
		return err
	}
	return finish(models.DeliveryProcessed, CodeMovedOutEnded, "ref", iv.Ref, "stage", now)
}

// endInterview ends a to_be_scheduled interview because of a change made
// in Lever (docs/CONTRACT.md §8): status unable_to_schedule, reason
// organisation_cancelled with detail, the reserved credit returned, and one
// note planned (no stage move). A *models.ValidationError when the
// interview is no longer to_be_scheduled.
func (e *Engine) endInterview(ctx context.Context, orgID, id, detail string) (*models.Interview, error) {
	iv, err := e.store.Transition(ctx, orgID, id, func(iv *models.Interview, existing []models.LeverWrite) ([]models.LeverWrite, error) {
		if iv.Status != models.StatusToBeScheduled {
			return nil, wrongState(iv, "end")
		}
		iv.Status, iv.FailureReason, iv.FailureDetail = models.StatusUnable, ReasonOrgCancel, detail
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
