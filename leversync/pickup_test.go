package leversync_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

// lastDecision returns the newest decision line of an opportunity's log.
func (r *rig) lastDecision(o *rigOrg, oppID string) models.SyncEvent {
	evs, _, _ := r.Store.SyncLog(context.Background(), models.SyncLogFilter{OrgID: o.ID, OpportunityID: oppID, Kind: "decision", Newest: true, Limit: 1})
	if len(evs) == 0 {
		return models.SyncEvent{}
	}
	return evs[0]
}

// inject stores a delivery as the receiver would (without Lever sending it).
func (r *rig) inject(o *rigOrg, oppID, toStage, token string) {
	r.t.Helper()
	c, _ := r.Store.Connection(context.Background(), o.ID)
	d := &models.WebhookDelivery{OrgID: o.ID, ConnectionID: c.ID, Token: token, Event: lever.EventCandidateStageChange, TriggeredAt: time.Now().UnixMilli(),
		OpportunityID: oppID, ToStageID: toStage, Status: models.DeliveryReceived}
	if _, err := r.Store.RecordDelivery(context.Background(), d, r.Engine.EnqueueDelivery(d)); err != nil {
		r.t.Fatal(err)
	}
}

// waitDecision waits for a decision of code ("" = any) about oppID.
func (r *rig) waitDecision(o *rigOrg, oppID string, code leversync.Code) models.SyncEvent {
	r.t.Helper()
	var ev models.SyncEvent
	// Any decision, newest first: deliveries of one candidate may be
	// processed in any order, so the one we wait for need not be the last.
	eventually(r.t, 15*time.Second, "decision "+string(code), func() bool {
		evs, _, _ := r.Store.SyncLog(context.Background(), models.SyncLogFilter{OrgID: o.ID, OpportunityID: oppID, Kind: "decision", Newest: true})
		for _, e := range evs {
			if code == "" || leversync.Code(e.Code) == code {
				ev = e
				return true
			}
		}
		return false
	})
	return ev
}

func TestPickupFailures(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(1)

	unable := func(t *testing.T, oppID, reason, noteWants string) {
		t.Helper()
		iv := r.waitInterview(o, oppID)
		if iv.Status != models.StatusUnable || iv.FailureReason != reason {
			t.Fatalf("interview = %+v, want unable %s", iv, reason)
		}
		eventually(t, 10*time.Second, "moved to Unable to schedule", func() bool { return r.opp(o, oppID).Stage == o.Mapping.Unable })
		r.settled(10 * time.Second)
		notes := notesText(r.opp(o, oppID))
		if len(notes) != 1 || !strings.Contains(notes[0], noteWants) || !strings.Contains(notes[0], "What to do:") {
			t.Fatalf("note = %q, want it to contain %q", notes, noteWants)
		}
		if wc := r.writeCalls(o, oppID); wc.Tags != 0 || wc.Moves != 1 || wc.Notes != 1 {
			t.Fatalf("writes = %+v", wc)
		}
	}
	t.Run("NoPosting", func(t *testing.T) {
		oppID := r.candidate(o, "Sourced Lead", "")
		r.move(o, oppID, o.Mapping.ToBeScheduled)
		unable(t, oppID, leversync.ReasonNoPosting, "no application to a job posting")
	})
	t.Run("PostingNotMapped", func(t *testing.T) {
		oppID := r.candidate(o, "Unmapped Applicant", o.UnmappedPostingID)
		r.move(o, oppID, o.Mapping.ToBeScheduled)
		unable(t, oppID, leversync.ReasonPostingNotMapped, "not mapped to an interview profile")
		r.waitDecision(o, oppID, "") // any
		evs, _, _ := r.Store.SyncLog(context.Background(), models.SyncLogFilter{OrgID: o.ID, OpportunityID: oppID, Kind: "decision", Status: models.LogFailed})
		if len(evs) != 1 || evs[0].Code != string(leversync.CodePostingNotMapped) || !strings.Contains(evs[0].Message, "map the posting") {
			t.Fatalf("failed decisions = %+v, want one saying how to fix", evs)
		}
	})
	t.Run("NoCredits", func(t *testing.T) {
		first := r.candidate(o, "Uses Last Credit", o.PostingID)
		r.move(o, first, o.Mapping.ToBeScheduled)
		if iv := r.waitInterview(o, first); iv.Status != models.StatusToBeScheduled {
			t.Fatalf("first = %+v", iv)
		}
		oppID := r.candidate(o, "No Credit Left", o.PostingID)
		r.move(o, oppID, o.Mapping.ToBeScheduled)
		unable(t, oppID, leversync.ReasonNoCredits, "Insufficient credits")
	})
	t.Run("Deleted", func(t *testing.T) {
		oppID := r.candidate(o, "Soon Deleted", o.PostingID)
		r.SB.DeleteOpportunity(o.Account, oppID)
		r.inject(o, oppID, o.Mapping.ToBeScheduled, "deleted-1")
		ev := r.waitDecision(o, oppID, leversync.CodeOpportunityNotFound)
		if ev.Status != models.LogFailed {
			t.Fatalf("status = %s", ev.Status)
		}
	})
	t.Run("RepeatedMoveIsNoOp", func(t *testing.T) {
		if _, err := r.Store.AddCredits(context.Background(), o.ID, 2); err != nil {
			t.Fatal(err)
		}
		oppID := r.candidate(o, "Moved Twice", o.PostingID)
		r.move(o, oppID, o.Mapping.ToBeScheduled)
		r.waitInterview(o, oppID)
		r.settled(10 * time.Second)
		r.move(o, oppID, "applicant-new")
		r.move(o, oppID, o.Mapping.ToBeScheduled)
		r.waitDecision(o, oppID, leversync.CodeAlreadyInProgress)
		ivs, _, _ := r.Store.Interviews(context.Background(), models.InterviewFilter{OrgID: o.ID, OpportunityID: oppID})
		if len(ivs) != 1 {
			t.Fatalf("%d interviews, want 1", len(ivs))
		}
	})
	t.Run("MovedOnBeforeProcessing", func(t *testing.T) {
		oppID := r.candidate(o, "Quickly Moved", o.PostingID)
		// The webhook says To be Scheduled, but Lever now says otherwise: stale hint.
		r.SB.SetWebhooksEnabled(o.Account, false)
		r.move(o, oppID, o.Mapping.ToBeScheduled)
		r.move(o, oppID, "applicant-new")
		r.SB.SetWebhooksEnabled(o.Account, true)
		r.inject(o, oppID, o.Mapping.ToBeScheduled, "stale-1")
		r.waitDecision(o, oppID, leversync.CodeDeliveryOutOfDate)
		if wc := r.writeCalls(o, oppID); wc != (writeCalls{}) {
			t.Fatalf("writes = %+v, want none", wc)
		}
	})
}

func TestConfidentialWithoutAccess(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(3)
	// Reconnect with a grant lacking confidential:access:admin.
	var scopes []string
	for _, s := range strings.Fields(lever.DefaultScopes) {
		if s != "confidential:access:admin" {
			scopes = append(scopes, s)
		}
	}
	tok, _ := r.SB.IssueToken(o.Account, scopes...)
	if _, err := r.Engine.Connect(context.Background(), o.ID, models.Grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		ExpiresAt: time.Now().Add(time.Hour), Scopes: tok.Scope, AccountID: lever.AccountID(tok.AccessToken)}); err != nil {
		t.Fatal(err)
	}
	oppID := r.SB.AddOpportunity(o.Account, sandbox.OpportunityInput{Name: "Secret Person", PostingID: o.PostingID, StageID: "applicant-new", Confidential: true})
	r.move(o, oppID, o.Mapping.ToBeScheduled)
	ev := r.waitDecision(o, oppID, leversync.CodeOpportunityForbidden)
	if ev.Status != models.LogFailed {
		t.Fatalf("decision status = %s", ev.Status)
	}
	ivs, _, _ := r.Store.Interviews(context.Background(), models.InterviewFilter{OrgID: o.ID, OpportunityID: oppID})
	if len(ivs) != 0 {
		t.Fatalf("interviews = %d, want 0", len(ivs))
	}
}

func TestIncompleteMappingThenRetry(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(3)
	oppID := r.candidate(o, "Waits For Mapping", o.PostingID)
	// Unmap one stage (directly: the form refuses an incomplete mapping).
	r.Store.Gorm().Model(&models.LeverConnection{}).Where("org_id = ?", o.ID).Update("stage_no", "")
	r.move(o, oppID, o.Mapping.ToBeScheduled)
	ev := r.waitDecision(o, oppID, leversync.CodeStageMappingIncomplete)
	if ev.Status != models.LogFailed {
		t.Fatalf("status = %s", ev.Status)
	}
	if _, err := r.Store.SaveStageMapping(context.Background(), o.ID, o.Mapping); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Engine.RetryDelivery(context.Background(), o.ID, ev.DeliveryID, leversync.Actor{Name: "test", Audit: "test"}); err != nil {
		t.Fatal(err)
	}
	if iv := r.waitInterview(o, oppID); iv.Status != models.StatusToBeScheduled {
		t.Fatalf("after retry: %+v", iv)
	}
}
