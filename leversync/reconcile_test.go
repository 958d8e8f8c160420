package leversync_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

func (r *rig) interviewsOf(o *rigOrg, oppID string) []models.Interview {
	r.t.Helper()
	ivs, _, err := r.Store.Interviews(context.Background(), models.InterviewFilter{OrgID: o.ID, OpportunityID: oppID})
	if err != nil {
		r.t.Fatal(err)
	}
	return ivs
}

// TestReconcileFindsMissedCandidates: webhooks lost (switched off in Lever);
// the sweep finds the candidates sitting in To be Scheduled, processes each
// once, and leaves alone the ones we heard about and the ones not there.
func TestReconcileFindsMissedCandidates(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(10)
	ctx := context.Background()
	r.SB.SetWebhooksEnabled(o.Account, false)
	phone, _ := r.SB.StageByName(o.Account, "Phone Screen")

	heard := r.candidate(o, "Heard About", o.PostingID)
	r.move(o, heard, o.Mapping.ToBeScheduled)
	r.inject(o, heard, o.Mapping.ToBeScheduled, "heard-1")
	r.waitInterview(o, heard)
	var missed []string
	for _, name := range []string{"Missed One", "Missed Two", "Missed Three"} {
		id := r.candidate(o, name, o.PostingID)
		r.move(o, id, o.Mapping.ToBeScheduled)
		missed = append(missed, id)
	}
	gone := r.candidate(o, "Moved On Already", o.PostingID)
	r.move(o, gone, o.Mapping.ToBeScheduled)
	r.move(o, gone, phone)

	n, err := r.Engine.Reconcile(ctx, o.ID)
	if err != nil || n != 3 {
		t.Fatalf("first sweep queued %d (%v), want 3", n, err)
	}
	for _, id := range missed {
		r.waitInterview(o, id)
	}
	r.settled(15 * time.Second)
	if n, err := r.Engine.Reconcile(ctx, o.ID); err != nil || n != 0 {
		t.Fatalf("second sweep queued %d (%v), want 0", n, err)
	}
	r.settled(10 * time.Second)
	for _, id := range append(missed, heard) {
		if ivs := r.interviewsOf(o, id); len(ivs) != 1 || ivs[0].Status != models.StatusToBeScheduled {
			t.Fatalf("%s: %d interviews, want 1 to be scheduled", id, len(ivs))
		}
		if wc := r.writeCalls(o, id); wc.Tags != 1 {
			t.Fatalf("%s: %d tag writes, want 1", id, wc.Tags)
		}
	}
	if ivs := r.interviewsOf(o, gone); len(ivs) != 0 {
		t.Fatalf("candidate no longer in To be Scheduled picked up: %d interviews", len(ivs))
	}
	evs, _, _ := r.Store.SyncLog(ctx, models.SyncLogFilter{OrgID: o.ID, OpportunityID: missed[0], Kind: "webhook"})
	if len(evs) != 1 || evs[0].Code != string(leversync.CodeSweepFound) {
		t.Fatalf("sync log for a swept candidate = %+v", evs)
	}
}

// TestReconcileLeavesHandledCandidatesAlone: candidates we did hear about are
// not processed again by a sweep even when no active interview exists — one
// whose pickup failed while its move to Unable to schedule is still being
// retried, and one whose delivery came while the integration was disabled
// (docs/CONTRACT.md §3: not replayed on re-enable). A sweep racing the real
// webhook picks the candidate up once.
func TestReconcileLeavesHandledCandidatesAlone(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(10)
	ctx := context.Background()
	r.SB.SetWebhooksEnabled(o.Account, false)

	// A pickup failure whose move to Unable to schedule Lever keeps refusing for now.
	unmapped := r.candidate(o, "Posting Not Mapped", o.UnmappedPostingID)
	r.move(o, unmapped, o.Mapping.ToBeScheduled)
	r.SB.SetFaults(sandbox.Faults{Seed: 1, Rate500: 1, Only: func(req *http.Request) bool {
		return req.Method == "PUT" && strings.HasSuffix(req.URL.Path, "/stage")
	}})
	r.inject(o, unmapped, o.Mapping.ToBeScheduled, "unmapped-1")
	eventually(t, 15*time.Second, "move to Unable attempted and refused", func() bool {
		ivs := r.interviewsOf(o, unmapped)
		if len(ivs) != 1 {
			return false
		}
		ws, _ := r.Store.Writes(ctx, ivs[0].ID)
		return len(ws) > 0 && ws[0].Status == models.WritePending && ws[0].Attempts > 0
	})
	if n, err := r.Engine.Reconcile(ctx, o.ID); err != nil || n != 0 {
		t.Fatalf("sweep during the failed pickup's retries queued %d (%v), want 0", n, err)
	}
	r.SB.SetFaults(sandbox.Faults{})

	// A delivery received while disabled.
	if _, err := r.Store.SetEnabled(ctx, o.ID, false); err != nil {
		t.Fatal(err)
	}
	whileOff := r.candidate(o, "Arrived While Disabled", o.PostingID)
	r.move(o, whileOff, o.Mapping.ToBeScheduled)
	c, _ := r.Store.Connection(ctx, o.ID)
	key, _ := r.Store.SignatureToken(c)
	body := signed(key, strings.Repeat("9", 48), time.Now().UnixMilli(), `{"opportunityId":"`+whileOff+`","toStageId":"`+o.Mapping.ToBeScheduled+`"}`)
	if status, resp := post(t, r.Engine.WebhookURL(c), body); status != 200 {
		t.Fatalf("delivery while disabled: %d %s", status, resp)
	}
	if _, err := r.Engine.SetEnabled(ctx, o.ID, true, leversync.Actor{Name: "test", Audit: "test"}); err != nil { // as the Lever screen does: resumes paused writes
		t.Fatal(err)
	}

	// A sweep racing the real webhook.
	raced := r.candidate(o, "Sweep Races Webhook", o.PostingID)
	r.move(o, raced, o.Mapping.ToBeScheduled)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); r.inject(o, raced, o.Mapping.ToBeScheduled, "raced-1") }()
	if _, err := r.Engine.Reconcile(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	r.waitInterview(o, raced)
	r.settled(30 * time.Second)

	if n, err := r.Engine.Reconcile(ctx, o.ID); err != nil || n != 0 {
		t.Fatalf("final sweep queued %d (%v), want 0", n, err)
	}
	r.settled(10 * time.Second)
	ivs := r.interviewsOf(o, unmapped)
	if len(ivs) != 1 || ivs[0].Status != models.StatusUnable {
		t.Fatalf("failed pickup: %d interviews, want 1 unable to schedule", len(ivs))
	}
	if op := r.opp(o, unmapped); op.Stage != o.Mapping.Unable || len(op.Notes) != 1 {
		t.Fatalf("failed pickup in Lever: stage %s, %d notes (%q), want Unable to schedule and 1 note", op.Stage, len(op.Notes), notesText(op))
	}
	if ivs := r.interviewsOf(o, whileOff); len(ivs) != 0 {
		t.Fatalf("delivery received while disabled was replayed by the sweep: %d interviews", len(ivs))
	}
	if ivs := r.interviewsOf(o, raced); len(ivs) != 1 {
		t.Fatalf("sweep racing the webhook: %d interviews, want 1", len(ivs))
	}
	if wc := r.writeCalls(o, raced); wc.Tags != 1 {
		t.Fatalf("sweep racing the webhook: %d tag writes, want 1", wc.Tags)
	}
}
