package models_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/models"
)

// TestNeedsAttentionLeftTheStage: a candidate with an interview in progress
// whom a recruiter moved in Lever to a stage the integration does not use
// needs attention (named, with the stage, counted, filterable by its kind);
// the item clears when a later move brings them back into a mapped stage
// and when the interview ends; a move before the interview existed, or a
// candidate without an interview, is no item; a dismissed item comes back
// with the next move away.
func TestNeedsAttentionLeftTheStage(t *testing.T) {
	st, org := setupStore(t)
	ctx := context.Background()
	orgID := org.Org.ID
	c, err := st.Connection(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	stages := []models.LeverStage{{ID: "s-tbs", Text: "Intervue - To be Scheduled"}, {ID: "s-sched", Text: "Intervue - Scheduled"},
		{ID: "s-yes", Text: "Intervue - Yes"}, {ID: "s-no", Text: "Intervue - No"}, {ID: "s-unable", Text: "Intervue - Unable to schedule"},
		{ID: "s-phone", Text: "Phone screen"}, {ID: "s-offer", Text: "Offer"}}
	if err := st.ReplaceStages(ctx, c.ID, stages); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveStageMapping(ctx, orgID, models.StageMapping{ToBeScheduled: "s-tbs", Scheduled: "s-sched", Yes: "s-yes", No: "s-no", Unable: "s-unable"}); err != nil {
		t.Fatal(err)
	}
	noWrites := func(*models.Interview, []models.LeverWrite) ([]models.LeverWrite, error) { return nil, nil }
	n := 0
	// move stores a stage change triggered in Lever at "at", received now.
	move := func(opp, stage string, at time.Time) time.Time {
		t.Helper()
		n++
		time.Sleep(5 * time.Millisecond)
		d := &models.WebhookDelivery{OrgID: orgID, ConnectionID: c.ID, Token: "tok-" + strings.Repeat("x", n), Event: "candidateStageChange",
			TriggeredAt: at.UnixMilli(), OpportunityID: opp, ToStageID: stage, Status: models.DeliverySkipped, ReceivedAt: time.Now().UTC()}
		if _, err := st.RecordDelivery(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		return d.ReceivedAt
	}
	left := func() []models.AttentionItem {
		t.Helper()
		items, err := st.NeedsAttention(ctx, orgID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []models.AttentionItem
		for _, it := range items {
			if it.Kind == models.AttentionLeftStage {
				out = append(out, it)
			}
		}
		return out
	}

	// Before the interview: moved to Phone screen, then into To be Scheduled.
	start := time.Now().UTC().Add(-time.Hour)
	move("opp-1", "s-phone", start)
	move("opp-1", "s-tbs", start.Add(time.Second))
	iv, err := st.CreateInterview(ctx, &models.Interview{OrgID: orgID, OpportunityID: "opp-1", CandidateName: "Ana Ortiz", CandidateEmail: "ana@example.test",
		Status: models.StatusToBeScheduled}, false, noWrites, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A candidate without an interview moves about: nothing to do.
	move("opp-none", "s-offer", start.Add(time.Minute))
	if got := left(); len(got) != 0 {
		t.Fatalf("left the stage before any move away: %+v", got)
	}
	base := st.CountNeedsAttention(ctx, orgID)

	// The recruiter moves Ana to Offer: she left the stage.
	t1 := start.Add(time.Minute)
	received := move("opp-1", "s-offer", t1)
	got := left()
	if len(got) != 1 {
		t.Fatalf("left the stage = %+v, want Ana's interview", got)
	}
	it := got[0]
	if it.InterviewID != iv.ID || it.ItemID() != iv.ID || it.OpportunityID != "opp-1" || it.CandidateName != "Ana Ortiz" || it.CandidateEmail != "ana@example.test" {
		t.Errorf("item = %+v", it)
	}
	if !strings.Contains(it.Reason, `"Offer"`) || !strings.Contains(it.Reason, "still to be scheduled") || strings.Contains(it.Reason, "_") {
		t.Errorf("reason = %q", it.Reason)
	}
	if it.At.Sub(received).Abs() > time.Millisecond {
		t.Errorf("at = %s, want when the move reached us, %s", it.At, received)
	}
	if n := st.CountNeedsAttention(ctx, orgID); n != base+1 {
		t.Errorf("count = %d, want %d", n, base+1)
	}
	if n := st.CountNeedsAttentionAllOrgs(ctx); n != base+1 {
		t.Errorf("count of every org = %d, want %d", n, base+1)
	}
	other, _ := st.CreateOrganization(ctx, models.NewOrgInput{Name: "Other", Email: "o@other.test", Password: "password1"})
	if items, _ := st.NeedsAttention(ctx, other.Org.ID, 0); len(items) != 0 {
		t.Errorf("another organization sees %+v", items)
	}

	// Back into To be Scheduled (a later move): cleared.
	move("opp-1", "s-tbs", t1.Add(time.Second))
	if got := left(); len(got) != 0 {
		t.Fatalf("still listed after moving back: %+v", got)
	}
	// A late delivery of an older move away changes nothing: the latest move counts.
	move("opp-1", "s-phone", t1.Add(-500*time.Millisecond))
	if got := left(); len(got) != 0 {
		t.Fatalf("an out-of-date move counts: %+v", got)
	}

	// Away again, then dismissed: closed until the next move away.
	t2 := t1.Add(3 * time.Second)
	move("opp-1", "s-phone", t2)
	if got := left(); len(got) != 1 || !strings.Contains(got[0].Reason, `"Phone screen"`) {
		t.Fatalf("after the second move away: %+v", got)
	}
	if _, err := st.ResolveAttention(ctx, orgID, models.AttentionLeftStage, iv.ID, models.AttentionDismissed, "still interviewing, Lever stage on purpose", "owner@acme.test"); err != nil {
		t.Fatal(err)
	}
	if got := left(); len(got) != 0 {
		t.Fatalf("listed after Dismiss: %+v", got)
	}
	move("opp-1", "s-offer", t2.Add(time.Second))
	if got := left(); len(got) != 1 {
		t.Fatalf("a new move away after Dismiss is not listed: %+v", got)
	}

	// Scheduled meanwhile: the item says so.
	end := func(iv *models.Interview, _ []models.LeverWrite) ([]models.LeverWrite, error) {
		iv.Status = models.StatusScheduled
		return nil, nil
	}
	if _, err := st.Transition(ctx, orgID, iv.ID, end, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := left(); len(got) != 1 || !strings.Contains(got[0].Reason, "is scheduled") {
		t.Fatalf("scheduled: %+v", got)
	}
	// The interview ends (Unable to schedule): cleared.
	end = func(iv *models.Interview, _ []models.LeverWrite) ([]models.LeverWrite, error) {
		iv.Status = models.StatusUnable
		return nil, nil
	}
	if _, err := st.Transition(ctx, orgID, iv.ID, end, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := left(); len(got) != 0 {
		t.Fatalf("listed after the interview ended: %+v", got)
	}
	if n := st.CountNeedsAttention(ctx, orgID); n != base {
		t.Errorf("count after the interview ended = %d, want %d", n, base)
	}
}
