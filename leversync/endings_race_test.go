package leversync_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

// TestScheduledWhileMoveOutIsDecided: the delivery of a move out of To be
// Scheduled reads the interview (to be scheduled) and then the opportunity
// from Lever; the interview is scheduled in between. The decision must not
// end the now scheduled interview (docs/CONTRACT.md §8: a scheduled one
// stays scheduled when the candidate moves on): it finishes as "changed
// meanwhile" and the schedule note is the only note. The opportunity read
// is held in the fake Lever until the schedule is in.
func TestScheduledWhileMoveOutIsDecided(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(3)
	oppID := r.candidate(o, "Raced Move", o.PostingID)
	r.move(o, oppID, o.Mapping.ToBeScheduled)
	iv := r.waitInterview(o, oppID)
	r.settled(10 * time.Second)
	phone, ok := r.SB.StageByName(o.Account, "Phone Screen")
	if !ok {
		t.Fatal("no Phone Screen stage")
	}

	reached, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	r.SB.SetFaults(sandbox.Faults{Seed: 1, Rate500: 1e-12, Only: func(req *http.Request) bool {
		if req.Method == http.MethodGet && strings.Contains(req.URL.Path, "/opportunities/"+oppID) {
			once.Do(func() { close(reached); <-release })
		}
		return false
	}})
	r.move(o, oppID, phone)
	select {
	case <-reached:
	case <-time.After(30 * time.Second):
		t.Fatal("the move's delivery never read the opportunity")
	}
	r.event(o, iv.ID, "schedule", `{"scheduled_at":"2026-12-01T09:30:00Z","timezone":"Europe/Berlin","duration_minutes":30,"interviewer":"Ada Lovelace"}`)
	close(release)
	r.settled(30 * time.Second)
	r.SB.SetFaults(sandbox.Faults{})

	if got := r.storedInterview(o, oppID); got.Status != models.StatusScheduled {
		t.Fatalf("interview = %s (%s), want it still scheduled", got.Status, got.FailureDetail)
	}
	if notes := notesText(r.opp(o, oppID)); len(notes) != 1 || !strings.Contains(notes[0], "interview scheduled") {
		t.Fatalf("notes = %q, want only the schedule note", notes)
	}
	if evs := r.logged(o, leversync.CodeMovedOutChanged); len(evs) != 1 {
		t.Errorf("%d moved_out_changed lines, want 1 (the move's decision found the interview scheduled)", len(evs))
	}
}
