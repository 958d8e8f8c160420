package leversync_test

import (
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

// TestMovedOutOfTheStage (docs/CONTRACT.md §8): a candidate moved in Lever
// out of To be Scheduled before the interview is scheduled ends it as
// unable_to_schedule / organisation_cancelled with what happened, the
// credit comes back, one note explains it and we do not move the candidate;
// a candidate moved on while scheduled keeps the interview and the sync log
// says they left the stage.
func TestMovedOutOfTheStage(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	screen, ok := r.SB.StageByName(o.Account, "Phone Screen")
	if !ok {
		t.Fatal("no Phone Screen stage")
	}
	credits := func() int {
		var org models.Organization
		r.Store.Gorm().First(&org, "id = ?", o.ID)
		return org.Credits
	}

	out := r.candidate(o, "Moved Out Early", o.PostingID)
	r.move(o, out, o.Mapping.ToBeScheduled)
	iv := r.waitInterview(o, out)
	r.settled(30 * time.Second)
	if got := credits(); got != 4 {
		t.Fatalf("after pickup: %d credits, want 4", got)
	}
	r.move(o, out, screen)
	r.delivered()
	var ended models.Interview
	r.Store.Gorm().First(&ended, "id = ?", iv.ID)
	if ended.Status != models.StatusUnable || ended.FailureReason != "organisation_cancelled" || !strings.Contains(ended.FailureDetail, "Phone Screen") {
		t.Errorf("interview after the move out: %s / %s / %q", ended.Status, ended.FailureReason, ended.FailureDetail)
	}
	if got := credits(); got != 5 {
		t.Errorf("after the move out: %d credits, want 5 (returned)", got)
	}
	op := r.opp(o, out)
	if op.Stage != screen {
		t.Errorf("Lever stage = %s, want Phone Screen (left as the recruiter set it)", op.Stage)
	}
	if wc := r.writeCalls(o, out); wc.Moves != 0 || wc.Notes != 1 || wc.Tags != 1 {
		t.Errorf("our Lever writes = %+v, want the tag and one note, no stage move", wc)
	}
	if notes := notesText(op); len(notes) != 1 || !strings.Contains(notes[0], `moved in Lever to "Phone Screen" before the interview was scheduled`) {
		t.Errorf("notes = %q", notes)
	}

	kept := r.candidate(o, "Moved On Scheduled", o.PostingID)
	r.move(o, kept, o.Mapping.ToBeScheduled)
	iv2 := r.waitInterview(o, kept)
	r.event(o, iv2.ID, "schedule", `{"scheduled_at":"2030-01-01T10:00:00Z","timezone":"UTC","duration_minutes":30,"interviewer":"Ada"}`)
	r.settled(30 * time.Second)
	r.move(o, kept, screen)
	r.delivered()
	var still models.Interview
	r.Store.Gorm().First(&still, "id = ?", iv2.ID)
	if still.Status != models.StatusScheduled {
		t.Errorf("scheduled interview after the move on: %s, want scheduled", still.Status)
	}
	var left int64
	r.Store.Gorm().Model(&models.SyncEvent{}).Where("opportunity_id = ? AND code = ?", kept, leversync.CodeLeftStage).Count(&left)
	if left != 1 {
		t.Errorf("%d sync-log lines say the candidate left the stage, want 1", left)
	}
	if got := credits(); got != 4 {
		t.Errorf("with one interview scheduled: %d credits, want 4", got)
	}
}
