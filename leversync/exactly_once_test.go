package leversync_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

func TestNoteAppliedButAnswerLost(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(3)
	oppID := r.candidate(o, "Lost Answer", o.PostingID)
	r.move(o, oppID, o.Mapping.ToBeScheduled)
	iv := r.waitInterview(o, oppID)
	r.settled(10 * time.Second)

	// The first note POST is stored by Lever, then the answer is lost
	// (a 500 with an HTML body, or a dropped connection).
	var hits atomic.Int32
	r.SB.SetFaults(sandbox.Faults{Seed: 1, RateApplyThenFail: 1, Only: func(req *http.Request) bool {
		return req.Method == "POST" && strings.HasSuffix(req.URL.Path, "/notes") && hits.Add(1) == 1
	}})
	r.event(o, iv.ID, "schedule", `{"scheduled_at":"2026-12-01T09:30:00Z","timezone":"America/New_York","duration_minutes":45,"interviewer":"Grace Hopper"}`)
	r.settled(30 * time.Second)
	notes := notesText(r.opp(o, oppID))
	if len(notes) != 1 {
		t.Fatalf("%d notes in Lever, want exactly 1: %q", len(notes), notes)
	}
	if !strings.Contains(notes[0], "04:30 EST (America/New_York, UTC-05:00)") {
		t.Fatalf("note = %q", notes[0])
	}
	ws, _ := r.Store.Writes(context.Background(), iv.ID)
	last := ws[len(ws)-1]
	if last.Status != models.WriteDone || last.LeverNoteID == "" || last.Attempts < 1 || !strings.Contains(last.Result, "not posted again") {
		t.Fatalf("note write = %+v", last)
	}
}

func TestRecruiterMovedOnFirst(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(3)
	oppID := r.candidate(o, "Fast Recruiter", o.PostingID)
	r.move(o, oppID, o.Mapping.ToBeScheduled)
	iv := r.waitInterview(o, oppID)
	r.settled(10 * time.Second)
	phone, ok := r.SB.StageByName(o.Account, "Phone Screen")
	if !ok {
		t.Fatal("no Phone Screen stage in sandbox")
	}
	r.move(o, oppID, phone)
	r.event(o, iv.ID, "schedule", `{"scheduled_at":"2026-12-01T09:30:00Z","timezone":"Asia/Kolkata","duration_minutes":30,"interviewer":"Alan Turing"}`)
	r.settled(15 * time.Second)
	op := r.opp(o, oppID)
	if op.Stage != phone {
		t.Fatalf("stage = %s, want %s (left where the recruiter put it)", op.Stage, phone)
	}
	if len(op.Notes) != 1 || !strings.Contains(op.Notes[0].Value, "15:00 IST (Asia/Kolkata, UTC+05:30)") {
		t.Fatalf("notes = %q", notesText(op))
	}
	if wc := r.writeCalls(o, oppID); wc.Moves != 0 {
		t.Fatalf("moves = %d, want 0", wc.Moves)
	}
	evs, _, _ := r.Store.SyncLog(context.Background(), models.SyncLogFilter{OrgID: o.ID, OpportunityID: oppID, Kind: "write", Status: models.LogSkipped})
	if len(evs) != 1 || evs[0].Code != string(leversync.CodeRecruiterMoved) {
		t.Fatalf("skipped writes logged = %+v", evs)
	}
}

func TestDisabledStopsWritesAndResumes(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(3)
	oppID := r.candidate(o, "Paused Writes", o.PostingID)
	r.move(o, oppID, o.Mapping.ToBeScheduled)
	iv := r.waitInterview(o, oppID)
	r.settled(10 * time.Second)
	if _, err := r.Store.SetEnabled(context.Background(), o.ID, false); err != nil {
		t.Fatal(err)
	}
	r.event(o, iv.ID, "schedule", `{"scheduled_at":"2026-12-01T09:30:00Z","timezone":"UTC","duration_minutes":30,"interviewer":"Alan Turing"}`)
	time.Sleep(1500 * time.Millisecond)
	if op := r.opp(o, oppID); op.Stage != o.Mapping.ToBeScheduled || len(op.Notes) != 0 {
		t.Fatalf("Lever written while disabled: stage %s, %d notes", op.Stage, len(op.Notes))
	}
	// A delivery while disabled is recorded, not processed.
	other := r.candidate(o, "Arrives While Disabled", o.PostingID)
	r.move(o, other, o.Mapping.ToBeScheduled)
	eventually(t, 10*time.Second, "delivery recorded as disabled", func() bool {
		var n int64
		r.Store.Gorm().Model(&models.WebhookDelivery{}).Where("opportunity_id = ? AND status = ?", other, models.DeliveryDisabled).Count(&n)
		return n == 1
	})
	// Re-enabling resumes the paused writes but does not replay the delivery.
	status, body := r.api(o, "PUT", "/api/v1/lever/enabled", `{"enabled":true}`)
	if status != 200 {
		t.Fatalf("enable: %d %s", status, body)
	}
	eventually(t, 10*time.Second, "paused writes resumed", func() bool { return r.opp(o, oppID).Stage == o.Mapping.Scheduled })
	r.settled(10 * time.Second)
	ivs, _, _ := r.Store.Interviews(context.Background(), models.InterviewFilter{OrgID: o.ID, OpportunityID: other})
	if len(ivs) != 0 {
		t.Fatalf("delivery received while disabled was replayed: %d interviews", len(ivs))
	}
}
