package leversync

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// errSnooze asks the worker to try again later without using an attempt
// (the connection needs re-authorization).
type errSnooze struct{ d time.Duration }

func (e errSnooze) Error() string { return fmt.Sprintf("waiting %s for Lever to be reconnected", e.d) }

// ProcessDelivery acts on one stored webhook delivery (docs/DESIGN.md §2 Webhook
// in). The delivery body is a hint: the opportunity is re-read from Lever and
// picked up only if it is in the mapped To be Scheduled stage now. Every
// outcome is recorded on the delivery and in the sync log. It returns an
// error only when the step should be retried.
func (e *Engine) ProcessDelivery(ctx context.Context, deliveryID string) error {
	d, err := e.store.Delivery(ctx, deliveryID)
	if err != nil {
		return err
	}
	if d.Status != models.DeliveryReceived {
		return nil // already decided (a job run twice)
	}
	sub := subject{OrgID: d.OrgID, OpportunityID: d.OpportunityID, DeliveryID: d.ID}
	c, err := e.store.ConnectionByID(ctx, d.ConnectionID)
	if err != nil {
		return err
	}
	finish := func(status string, code Code, kv ...any) error {
		return e.finishDelivery(ctx, sub, status, code, kv...)
	}
	switch {
	case !c.Enabled:
		return finish(models.DeliveryDisabled, CodeDeliveryDisabled)
	case c.Status == models.ConnNeedsReauth:
		return errSnooze{e.cfg.ReauthSnooze}
	case c.Status == models.ConnDisconnected:
		return finish(models.DeliverySkipped, CodeDeliveryDisconnected)
	case d.OpportunityID == "":
		return finish(models.DeliverySkipped, CodeTestDelivery)
	case d.Event == lever.EventCandidateArchiveChange || d.Event == lever.EventCandidateDeleted:
		return e.lifecycleEvent(ctx, c, d, sub, finish)
	case d.Event != lever.EventCandidateStageChange:
		return finish(models.DeliverySkipped, CodeEventNotHandled, "event", d.Event)
	}
	m := c.Mapping()
	if !m.Complete() {
		return finish(models.DeliveryFailed, CodeStageMappingIncomplete)
	}
	names := stageNamesIn(ctx, e.store, c.ID)
	if d.ToStageID != m.ToBeScheduled {
		own, err := e.store.DoneStageMoves(ctx, d.OrgID, d.OpportunityID)
		if err != nil {
			return err
		}
		for _, id := range own {
			if id == d.ToStageID {
				return finish(models.DeliverySkipped, CodeOwnStageEcho, "stage", names.of(d.ToStageID))
			}
		}
		if !m.Has(d.ToStageID) {
			if _, err := e.store.ActiveInterview(ctx, d.OrgID, d.OpportunityID); err == nil {
				return e.lifecycleEvent(ctx, c, d, sub, finish)
			} else if !errors.Is(err, models.ErrNotFound) {
				return err
			}
		}
		return finish(models.DeliverySkipped, CodeOtherStage, "stage", names.of(d.ToStageID), "to_be_scheduled", names.of(m.ToBeScheduled))
	}

	opp, err := e.opportunity(ctx, c, sub, d.OpportunityID)
	switch {
	case errors.Is(err, ErrNeedsReauth):
		return errSnooze{e.cfg.ReauthSnooze}
	case lever.StatusOf(err) == 404:
		return finish(models.DeliveryFailed, CodeOpportunityNotFound)
	case lever.StatusOf(err) == 403:
		return finish(models.DeliveryFailed, CodeOpportunityForbidden)
	case permanent(err):
		return finish(models.DeliveryFailed, CodeOpportunityReadFailed, "error", err)
	case err != nil:
		return err
	}
	if opp.IsAnonymized {
		// Anonymized in Lever: our earlier copies go too (docs/CONTRACT.md §8).
		if err := e.eraseCandidate(ctx, d.OrgID, d.OpportunityID); err != nil {
			return err
		}
	}
	sub.CandidateName, sub.CandidateEmail = candidateName(opp), firstEmail(opp)
	if opp.Stage != m.ToBeScheduled {
		return finish(models.DeliverySkipped, CodeDeliveryOutOfDate, "stage", names.of(m.ToBeScheduled), "now", names.of(opp.Stage))
	}
	if opp.Archived != nil {
		return finish(models.DeliverySkipped, CodeOpportunityArchived)
	}
	p, err := e.pickup(ctx, c, opp, sub)
	if err != nil {
		return err
	}
	status := models.DeliveryFailed
	switch byCode[p.code].Status {
	case models.LogOK:
		status = models.DeliveryProcessed
	case models.LogSkipped:
		status = models.DeliverySkipped
	}
	if err := finish(status, p.code, p.kv...); err != nil {
		return err
	}
	if status == models.DeliveryProcessed {
		e.writeNow(ctx, d.OrgID, d.OpportunityID)
	}
	return nil
}

// writeNow performs a new interview's first writes (the tag) in the pickup
// job itself instead of waiting for its own job to be fetched (one poll
// interval less from webhook to tag). That job was enqueued with the
// interview and stays the durable path: it finds nothing left to do, or
// retries what failed here. Errors are left to it.
func (e *Engine) writeNow(ctx context.Context, orgID, opportunityID string) {
	iv, err := e.store.ActiveInterview(ctx, orgID, opportunityID)
	if err != nil {
		return
	}
	if err := e.PerformWrites(ctx, iv.ID, false); err != nil {
		e.log.Info("first writes left to their job", "interview", iv.ID, "err", err)
	}
}

// decision is how a pickup ended: an outcome code with its parameters.
type decision struct {
	code Code
	kv   []any
}

// pickup creates the interview for an opportunity now in To be Scheduled,
// or a failed one that moves the candidate to Unable to schedule with a note
// saying what to fix (docs/DESIGN.md §5 item 6).
func (e *Engine) pickup(ctx context.Context, c *models.LeverConnection, opp *lever.Opportunity, sub subject) (decision, error) {
	if existing, err := e.store.ActiveInterview(ctx, c.OrgID, opp.ID); err == nil {
		return decision{CodeAlreadyInProgress, []any{"ref", existing.Ref, "status", existing.Status}}, nil
	} else if !errors.Is(err, models.ErrNotFound) {
		return decision{}, err
	}
	iv := &models.Interview{
		OrgID: c.OrgID, OpportunityID: opp.ID, ContactID: opp.Contact, CandidateName: sub.CandidateName,
		CandidateEmail: sub.CandidateEmail, LeverURL: opp.URLs.Show, Status: models.StatusToBeScheduled,
	}
	postingID := ""
	for _, a := range opp.Applications {
		if a.Posting != "" {
			postingID = a.Posting
			break
		}
	}
	if postingID == "" {
		return e.pickupFailed(ctx, c, iv, CodeNoPosting)
	}
	iv.PostingID = postingID
	posting, err := e.store.Posting(ctx, c.OrgID, postingID)
	if errors.Is(err, models.ErrNotFound) {
		// A posting created after the last refresh: fetch the list once.
		if rerr := e.RefreshPostings(ctx, c.OrgID); rerr == nil {
			posting, err = e.store.Posting(ctx, c.OrgID, postingID)
		}
	}
	// A posting with no profile of its own (or unknown to us) is caught by
	// the default profile when the organization set one.
	byDefault := false
	switch {
	case errors.Is(err, models.ErrNotFound) && c.DefaultProfileID != "":
		posting, err, byDefault = &models.PostingRow{LeverPosting: models.LeverPosting{ID: postingID, Text: postingID}, ProfileID: c.DefaultProfileID}, nil, true
	case errors.Is(err, models.ErrNotFound):
		return e.pickupFailed(ctx, c, iv, CodePostingUnknown, "posting", postingID)
	case err != nil:
		return decision{}, err
	case posting.ProfileID == "" && c.DefaultProfileID != "":
		posting.ProfileID, byDefault = c.DefaultProfileID, true
	}
	iv.PostingTitle = posting.Text
	if posting.ProfileID == "" {
		return e.pickupFailed(ctx, c, iv, CodePostingNotMapped, "posting", posting.Text)
	}
	profile, err := e.store.Profile(ctx, c.OrgID, posting.ProfileID)
	if err != nil {
		return decision{}, err
	}
	how := "profile"
	if byDefault {
		how = "the default profile"
	}
	iv.ProfileID, iv.ProfileName, iv.DurationMinutes = profile.ID, profile.Name, profile.DurationMinutes
	if profile.DeletedAt != nil {
		return e.pickupFailed(ctx, c, iv, CodeProfileDeleted, "posting", posting.Text, "profile", profile.Name)
	}
	created, err := e.store.CreateInterview(ctx, iv, true, func(iv *models.Interview, _ []models.LeverWrite) ([]models.LeverWrite, error) {
		return []models.LeverWrite{{Kind: models.WriteAddTag, Tag: TagName, Marker: iv.Ref + "-tag"}}, nil
	}, e.enqueueWrites(iv))
	var aie *models.ActiveInterviewError
	switch {
	case errors.As(err, &aie):
		return decision{CodeAlreadyInProgress, []any{"ref", aie.Existing.Ref, "status", aie.Existing.Status}}, nil
	case errors.Is(err, models.ErrNoCredits):
		iv.ID, iv.Ref, iv.CreditReserved = "", "", false
		return e.pickupFailed(ctx, c, iv, CodeInsufficientCredits)
	case err != nil:
		return decision{}, err
	}
	org, _ := e.store.Organization(ctx, c.OrgID)
	balance := 0
	if org != nil {
		balance = org.Credits
	}
	e.record(ctx, subject{OrgID: c.OrgID, OpportunityID: opp.ID, InterviewID: created.ID, CandidateName: sub.CandidateName, CandidateEmail: sub.CandidateEmail},
		CodeCreditReserved, "ref", created.Ref, "available", balance)
	return decision{CodePickedUp, []any{"ref", created.Ref, "how", how, "profile", profile.Name, "posting", posting.Text, "balance", balance, "tag", TagName}}, nil
}

// pickupFailed stores an interview that could not be scheduled (code, one
// of unableCauses, with its parameters kv: the failure reason and the
// detail for its note come from the code's row) and plans the move to
// Unable to schedule with a note giving the reason and the fix.
func (e *Engine) pickupFailed(ctx context.Context, c *models.LeverConnection, iv *models.Interview, code Code, kv ...any) (decision, error) {
	cause := unableCauses[code]
	iv.Status, iv.FailureReason, iv.FailureDetail = models.StatusUnable, cause.reason, Fill(cause.detail, params(kv))
	m := c.Mapping()
	created, err := e.store.CreateInterview(ctx, iv, false, func(iv *models.Interview, _ []models.LeverWrite) ([]models.LeverWrite, error) {
		return failWrites(iv, m, nil), nil
	}, e.enqueueWrites(iv))
	if err != nil {
		return decision{}, err
	}
	return decision{code, append(kv, "ref", created.Ref)}, nil
}

func failWrites(iv *models.Interview, m models.StageMapping, existing []models.LeverWrite) []models.LeverWrite {
	marker := nextMarker(iv.Ref, "unable", existing)
	return []models.LeverWrite{
		{Kind: models.WriteMoveStage, StageID: m.Unable, Marker: marker + "-move"},
		{Kind: models.WritePostNote, Marker: marker, NoteText: failureNote(iv, marker)},
	}
}

// nextMarker returns ref-event, or ref-event-N when that marker was used.
func nextMarker(ref, event string, existing []models.LeverWrite) string {
	base := ref + "-" + event
	used := map[string]bool{}
	for _, w := range existing {
		used[w.Marker] = true
	}
	marker := base
	for n := 2; used[marker] || used[marker+"-move"]; n++ {
		marker = fmt.Sprintf("%s-%d", base, n)
	}
	return marker
}

func candidateName(o *lever.Opportunity) string {
	if o.IsAnonymized || o.Name == "" {
		return "Anonymized candidate"
	}
	return o.Name
}

func firstEmail(o *lever.Opportunity) string {
	for _, e := range o.Emails {
		if e != "" {
			return e
		}
	}
	return ""
}

// stageNamer maps stage ids to their Lever names for messages.
type stageNamer map[string]string

func (n stageNamer) of(id string) string {
	if t, ok := n[id]; ok && t != "" {
		return fmt.Sprintf("%q", t)
	}
	return fmt.Sprintf("stage %s", id)
}

// stageNamesIn reads the names through st (a transaction's Store); none
// when they cannot be read (they are only for messages).
func stageNamesIn(ctx context.Context, st *models.Store, connID string) stageNamer {
	names, err := st.StageNames(ctx, connID)
	if err != nil {
		return stageNamer{}
	}
	return names
}

// finishDelivery records a delivery's decision, status with the outcome
// code (parameters kv), on the delivery sub.DeliveryID and in the sync log
// in one transaction. A failure is returned and neither is written (the
// job's retry records it once).
func (e *Engine) finishDelivery(ctx context.Context, sub subject, status string, code Code, kv ...any) error {
	ev := sub.event(code, kv...)
	return e.store.InTx(ctx, func(tx *models.Store) error {
		if err := tx.FinishDelivery(ctx, sub.DeliveryID, status, ev.Code, ev.Message); err != nil {
			return err
		}
		return tx.Log(ctx, ev)
	})
}
