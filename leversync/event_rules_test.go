package leversync_test

import (
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/models"
)

// TestEventRules: a no-show is refused for an interview that was never
// scheduled (and spends no credit); a start more than the window in the past
// or ahead is refused naming the limit, writing nothing to Lever; a
// reschedule's note gives the old and the new time in the interview's zone
// and in UTC. The window here is the engine's default, 1 day back and 366
// days ahead.
func TestEventRules(t *testing.T) {
	r := newRig(t, rigOptions{ScheduleMaxPast: 24 * time.Hour, ScheduleMaxAhead: 366 * 24 * time.Hour})
	o := r.addOrg(5)
	opp := r.candidate(o, "Rule Candidate", o.PostingID)
	r.move(o, opp, o.Mapping.ToBeScheduled)
	iv := r.waitInterview(o, opp)
	r.settled(30 * time.Second)
	before := r.writeCalls(o, opp)

	status, body := r.api(o, "POST", "/api/v1/interviews/"+iv.ID+"/fail", `{"reason":"candidate_no_show"}`)
	if status != 409 || !strings.Contains(body, `"code":"invalid_state"`) || !strings.Contains(body, "never scheduled") {
		t.Errorf("no-show before scheduling = %d %s, want 409 invalid_state saying it was never scheduled", status, body)
	}
	now := time.Now().UTC()
	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	for _, tt := range []struct{ at, want string }{
		{at(-25 * time.Hour), "more than 1 day in the past"},
		{at(367 * 24 * time.Hour), "more than 366 days ahead"},
		{"9999-12-31T10:00:00Z", "more than 366 days ahead"},
	} {
		status, body := r.api(o, "POST", "/api/v1/interviews/"+iv.ID+"/schedule", `{"scheduled_at":"`+tt.at+`","timezone":"Europe/Berlin","duration_minutes":60,"interviewer":"Ada"}`)
		if status != 422 || !strings.Contains(body, tt.want) || !strings.Contains(body, `"scheduled_at"`) {
			t.Errorf("schedule at %s = %d %s, want 422 on scheduled_at saying %q", tt.at, status, body, tt.want)
		}
	}
	var got models.Interview
	r.Store.Gorm().First(&got, "id = ?", iv.ID)
	if got.Status != models.StatusToBeScheduled || got.ScheduledAt != nil || !got.CreditReserved {
		t.Errorf("after the refused events: status %s, scheduled %v, credit reserved %v", got.Status, got.ScheduledAt, got.CreditReserved)
	}
	if after := r.writeCalls(o, opp); after != before {
		t.Errorf("refused events wrote to Lever: %+v -> %+v", before, after)
	}

	// Inside the window: 20 hours ago is accepted (a late report), and a
	// reschedule names the old and the new time.
	first := now.Truncate(time.Hour).Add(-20 * time.Hour)
	r.event(o, iv.ID, "schedule", `{"scheduled_at":"`+first.Format(time.RFC3339)+`","timezone":"Asia/Tokyo","duration_minutes":60,"interviewer":"Ada"}`)
	second := first.Add(50 * time.Hour)
	r.event(o, iv.ID, "schedule", `{"scheduled_at":"`+second.Format(time.RFC3339)+`","timezone":"Asia/Tokyo","duration_minutes":60,"interviewer":"Ada"}`)
	var note string
	eventually(t, 15*time.Second, "the reschedule note in Lever", func() bool {
		for _, n := range notesText(r.opp(o, opp)) {
			if strings.HasPrefix(n, "Intervue.io interview rescheduled") {
				note = n
			}
		}
		return note != ""
	})
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	for _, want := range []string{
		"Was: " + first.In(tokyo).Format("Monday, 2 January 2006") + ", " + first.In(tokyo).Format("15:04") + " JST (Asia/Tokyo, UTC+09:00) = " + first.Format("2006-01-02 15:04") + " UTC",
		"Now: " + second.In(tokyo).Format("Monday, 2 January 2006") + ", " + second.In(tokyo).Format("15:04") + " JST (Asia/Tokyo, UTC+09:00) = " + second.Format("2006-01-02 15:04") + " UTC",
	} {
		if !strings.Contains(note, want) {
			t.Errorf("reschedule note lacks %q:\n%s", want, note)
		}
	}
	// Now scheduled, the no-show is accepted and spends the credit.
	if iv := r.event(o, iv.ID, "fail", `{"reason":"candidate_no_show"}`); iv.Status != models.StatusUnable {
		t.Errorf("no-show of a scheduled interview: status %s", iv.Status)
	}
}
