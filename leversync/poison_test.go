package leversync_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

type riverJob struct {
	ID          int64
	State       string
	Attempt     int
	MaxAttempts int
}

// jobFor returns the newest River job of kind whose args mention id.
func (r *rig) jobFor(kind, id string) riverJob {
	var j riverJob
	r.Store.Gorm().Table("river_job").Select("id, state, attempt, max_attempts").
		Where("kind = ? AND CAST(args AS TEXT) LIKE ?", kind, "%"+id+"%").Order("id DESC").Limit(1).Scan(&j)
	return j
}

// runFinalAttempt waits for the job's first failed attempt, then makes its
// next run the last one (attempt = max_attempts) and runs it now, as River
// would after the full backoff. The job then ends discarded (a delivery:
// the error stands) or completed (writes: the failure is a recorded step).
func (r *rig) runFinalAttempt(kind, id string) riverJob {
	r.t.Helper()
	var j riverJob
	eventually(r.t, 60*time.Second, kind+" job failed once", func() bool {
		j = r.jobFor(kind, id)
		return j.State == "retryable" && j.Attempt >= 1
	})
	if err := r.Store.Gorm().Exec("UPDATE river_job SET attempt = max_attempts - 1 WHERE id = ?", j.ID).Error; err != nil {
		r.t.Fatal(err)
	}
	retrier := r.jobsCtl.(interface {
		JobRetry(ctx context.Context, id int64) (*rivertype.JobRow, error)
	})
	if _, err := retrier.JobRetry(context.Background(), j.ID); err != nil {
		r.t.Fatal(err)
	}
	eventually(r.t, 30*time.Second, kind+" job finished by its last attempt", func() bool {
		j = r.jobFor(kind, id)
		return (j.State == "discarded" || j.State == "completed") && j.Attempt == j.MaxAttempts
	})
	return j
}

// TestPoisonDelivery: a delivery whose opportunity Lever never serves (500
// every time) ends, on its last attempt, as a failed delivery with the reason
// in the sync log; other candidates are processed meanwhile.
func TestPoisonDelivery(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	ctx := context.Background()
	r.SB.SetWebhooksEnabled(o.Account, false)
	poison := r.candidate(o, "Never Readable", o.PostingID)
	healthy := r.candidate(o, "Readable", o.PostingID)
	r.move(o, poison, o.Mapping.ToBeScheduled)
	r.move(o, healthy, o.Mapping.ToBeScheduled)
	r.SB.SetFaults(sandbox.Faults{Seed: 7, Rate500: 1, Only: func(req *http.Request) bool {
		return strings.Contains(req.URL.Path, "/opportunities/"+poison)
	}})
	r.inject(o, poison, o.Mapping.ToBeScheduled, "poison-1")
	r.inject(o, healthy, o.Mapping.ToBeScheduled, "healthy-1")
	r.waitInterview(o, healthy)

	var d models.WebhookDelivery
	r.Store.Gorm().Where("token = ?", "poison-1").First(&d)
	j := r.runFinalAttempt("lever_process_delivery", d.ID)
	got, _ := r.Store.Delivery(ctx, d.ID)
	if got.Status != models.DeliveryFailed || got.ReasonCode != string(leversync.CodeGaveUp) || !strings.Contains(got.Reason, "500") {
		t.Fatalf("poison delivery after %d attempts: %s %q, want failed with the reason", j.Attempt, got.Status, got.Reason)
	}
	ev := r.lastDecision(o, poison)
	if ev.Status != models.LogFailed || ev.DeliveryID != d.ID || ev.Code != string(leversync.CodeGaveUp) {
		t.Fatalf("sync log decision = %+v", ev)
	}
	if ivs := r.interviewsOf(o, poison); len(ivs) != 0 {
		t.Fatalf("%d interviews for the poison delivery", len(ivs))
	}
	t.Logf("poison delivery: %s after %d/%d attempts: %s", got.Status, j.Attempt, j.MaxAttempts, got.Reason)

	// Retry from the sync log once Lever answers again.
	r.SB.SetFaults(sandbox.Faults{})
	if _, err := r.Engine.RetryDelivery(ctx, o.ID, d.ID, leversync.Actor{Name: "test", Audit: "test"}); err != nil {
		t.Fatal(err)
	}
	r.waitInterview(o, poison)
	r.settled(15 * time.Second)
}

// TestPoisonWrite: a stage move Lever always answers 500 ends, on the job's
// last attempt, as a failed step with its reason in the sync log (the note
// is still posted), and does not hold up other interviews' writes.
func TestPoisonWrite(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	ctx := context.Background()
	poison := r.candidate(o, "Move Always Fails", o.PostingID)
	healthy := r.candidate(o, "Moves Fine", o.PostingID)
	r.move(o, poison, o.Mapping.ToBeScheduled)
	r.move(o, healthy, o.Mapping.ToBeScheduled)
	ivPoison, ivHealthy := r.waitInterview(o, poison), r.waitInterview(o, healthy)
	r.settled(15 * time.Second)

	r.SB.SetFaults(sandbox.Faults{Seed: 7, Rate500: 1, Only: func(req *http.Request) bool {
		return req.Method == "PUT" && strings.Contains(req.URL.Path, "/opportunities/"+poison+"/stage")
	}})
	schedule := `{"scheduled_at":"2026-12-01T09:30:00Z","timezone":"UTC","duration_minutes":30,"interviewer":"Alan Turing"}`
	r.event(o, ivPoison.ID, "schedule", schedule)
	r.event(o, ivHealthy.ID, "schedule", schedule)
	eventually(t, 15*time.Second, "the other interview's writes done", func() bool {
		op := r.opp(o, healthy)
		return op.Stage == o.Mapping.Scheduled && len(op.Notes) == 1
	})

	j := r.runFinalAttempt("lever_perform_writes", ivPoison.ID)
	ws, _ := r.Store.Writes(ctx, ivPoison.ID)
	var move, note models.LeverWrite
	for _, w := range ws {
		switch w.Kind {
		case models.WriteMoveStage:
			move = w
		case models.WritePostNote:
			note = w
		}
	}
	if move.Status != models.WriteFailed || !strings.Contains(move.Result, "500") {
		t.Fatalf("move after %d attempts: %s %q, want failed with the reason", j.Attempt, move.Status, move.Result)
	}
	if note.Status != models.WriteDone {
		t.Fatalf("note = %s %q, want posted", note.Status, note.Result)
	}
	evs, _, _ := r.Store.SyncLog(ctx, models.SyncLogFilter{OrgID: o.ID, OpportunityID: poison, Kind: "write", Status: models.LogFailed})
	if len(evs) != 1 || evs[0].WriteID != move.ID || evs[0].Code != string(leversync.CodeWriteFailed) {
		t.Fatalf("failed write in the sync log = %+v", evs)
	}
	if op := r.opp(o, poison); op.Stage != o.Mapping.ToBeScheduled || len(op.Notes) != 1 {
		t.Fatalf("Lever: stage %s, %d notes", op.Stage, len(op.Notes))
	}
	t.Logf("poison write: %s after %d/%d attempts: %s", move.Status, j.Attempt, j.MaxAttempts, move.Result)

	// Retry from the sync log once Lever answers again.
	r.SB.SetFaults(sandbox.Faults{})
	if _, err := r.Engine.RetryWrite(ctx, o.ID, move.ID, leversync.Actor{Name: "test", Audit: "test"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 15*time.Second, "moved after retry", func() bool { return r.opp(o, poison).Stage == o.Mapping.Scheduled })
	r.settled(15 * time.Second)
	if op := r.opp(o, poison); len(op.Notes) != 1 {
		t.Fatalf("%d notes after retry, want 1", len(op.Notes))
	}
}
