package handlers

import (
	"context"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// mechanicsKinds are events that explain how an outcome came about rather
// than being one: Lever calls, deliveries received and token upkeep.
var mechanicsKinds = []string{"lever_call", "webhook", "token"}

// notOutcomes are codes of events that say nothing new about the
// candidate: the echo of our own stage move coming back as a webhook.
var notOutcomes = map[leversync.Code]bool{leversync.CodeOwnStageEcho: true}

// meaningfulOutcome reports whether ev says what happened to the candidate
// (rows written before outcome codes always do).
func meaningfulOutcome(ev models.SyncEvent) bool {
	return !notOutcomes[leversync.Code(ev.Code)]
}

// latestOutcomes fills each sync log row's latest meaningful outcome; a
// candidate with none among its recent events keeps its last step.
func (h *Handler) latestOutcomes(ctx context.Context, rows []views.SyncLogRow, orgOf []string) error {
	keys := make([][2]string, len(rows))
	for i, r := range rows {
		keys[i] = [2]string{orgOf[i], r.OpportunityID}
	}
	recent, err := h.store.RecentOutcomes(ctx, keys, mechanicsKinds)
	if err != nil {
		return err
	}
	for i := range rows {
		for _, ev := range recent[keys[i]] {
			if meaningfulOutcome(ev) {
				rows[i].OutcomeKind, rows[i].OutcomeCode, rows[i].OutcomeStatus, rows[i].OutcomeMessage = ev.Kind, ev.Code, ev.Status, ev.Message
				rows[i].OutcomeAt = ev.At.UTC().Format("2006-01-02 15:04")
				break
			}
		}
	}
	return nil
}

// timelineSummary is what the timeline opens with: where the candidate is
// in Lever, the interview's status, the credit and what should happen next.
func (h *Handler) timelineSummary(ctx context.Context, orgID string, d *timelineData) views.TimelineSummary {
	var s views.TimelineSummary
	stages, err := h.stageNames(ctx, orgID)
	if err != nil {
		stages = map[string]string{}
	}
	var last *models.WebhookDelivery
	for i := range d.deliveries {
		if dl := &d.deliveries[i]; dl.ToStageID != "" && (last == nil || dl.TriggeredAt > last.TriggeredAt) {
			last = dl
		}
	}
	s.Stage = "Not known yet (no stage change received)"
	if last != nil {
		s.Stage = stageLabel(stages, last.ToStageID) + " (as of " + utc(last.ReceivedAt) + ")"
	}
	if len(d.interviews) == 0 {
		s.Interview, s.Credit = "None", "No credit used"
		s.Next = "Nothing until a recruiter moves the candidate into the To be Scheduled stage in Lever."
		return h.blockedNext(s, d)
	}
	iv := d.interviews[len(d.interviews)-1]
	for _, other := range d.interviews {
		if other.CreatedAt.After(iv.CreatedAt) {
			iv = other
		}
	}
	s.Interview = iv.Ref + ": " + views.StatusLabel(iv.Status)
	s.Credit, s.Next = creditState(iv), nextStep(iv)
	for _, wr := range d.pending {
		if wr.InterviewID == iv.ID {
			s.PendingWrites++
		}
	}
	return h.blockedNext(s, d)
}

// blockedNext puts what stops the organization first in the next step.
func (h *Handler) blockedNext(s views.TimelineSummary, d *timelineData) views.TimelineSummary {
	if d.blocked != nil {
		s.Next = "Blocked: " + d.blocked.Text + " Then: " + s.Next
	}
	return s
}

// creditState says what happened to the interview's credit (leversync's
// credit rule: reserved at pickup, spent by a verdict or a no-show,
// returned by any other failure).
func creditState(iv models.Interview) string {
	switch {
	case !iv.CreditReserved:
		return "No credit used"
	case iv.Status == models.StatusToBeScheduled || iv.Status == models.StatusScheduled:
		return "1 credit reserved"
	case iv.Status == models.StatusYes || iv.Status == models.StatusNo:
		return "1 credit spent"
	case iv.FailureReason == "candidate_no_show":
		return "1 credit spent (the candidate did not show up)"
	}
	return "Credit returned"
}

// nextStep is what should happen next for an interview in its status.
func nextStep(iv models.Interview) string {
	switch iv.Status {
	case models.StatusToBeScheduled:
		return "Our platform schedules the interview; the candidate then moves to the Scheduled stage with a note giving the time."
	case models.StatusScheduled:
		when := "at the scheduled time"
		if iv.ScheduledAt != nil {
			when = "on " + utc(*iv.ScheduledAt)
		}
		return "The interview takes place " + when + "; the verdict then moves the candidate to Intervue - Yes or No with the report and playback links."
	case models.StatusYes, models.StatusNo:
		return "Nothing: the interview is complete and its note with the report and playback links is in Lever."
	}
	return "Nothing, unless a recruiter moves the candidate into To be Scheduled again (after fixing the reason above)."
}

// stageLabel names a Lever stage by id.
func stageLabel(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return "“" + n + "”"
	}
	return "stage " + id
}
