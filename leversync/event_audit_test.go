package leversync_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

// TestInterviewEventsAudited: each interview event sent through the API
// leaves exactly one audit entry naming the API key, with its details (the
// time in UTC and the zone; the verdict; the reason), written with the
// change and its sync-log line. The same schedule sent twice, and an event
// the interview's state refuses, add no entry.
func TestInterviewEventsAudited(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	first := r.candidate(o, "Audit Candidate", o.PostingID)
	r.move(o, first, o.Mapping.ToBeScheduled)
	iv := r.waitInterview(o, first)

	at := time.Now().UTC().Truncate(time.Hour).Add(48 * time.Hour)
	schedule := `{"scheduled_at":"` + at.Format(time.RFC3339) + `","timezone":"Europe/Berlin","duration_minutes":60,"interviewer":"Ada"}`
	r.event(o, iv.ID, "schedule", schedule)
	r.event(o, iv.ID, "schedule", schedule) // a double click: nothing changes
	r.event(o, iv.ID, "complete", `{"verdict":"yes","playback_url":"https://rec.example/1","summary":"Good."}`)
	if status, body := r.api(o, "POST", "/api/v1/interviews/"+iv.ID+"/complete", `{"verdict":"no","playback_url":"https://rec.example/1"}`); status/100 != 4 {
		t.Errorf("second complete = %d %s, want a refusal", status, body)
	}

	second := r.candidate(o, "Audit Candidate Two", o.PostingID)
	r.move(o, second, o.Mapping.ToBeScheduled)
	iv2 := r.waitInterview(o, second)
	r.event(o, iv2.ID, "fail", `{"reason":"candidate_cancelled"}`)

	ref := func(id string) string {
		var m models.Interview
		if err := r.Store.Gorm().First(&m, "id = ?", id).Error; err != nil {
			t.Fatal(err)
		}
		return m.Ref
	}
	entries, err := r.Store.AuditLog(context.Background(), o.ID, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]map[string]any{}
	for _, e := range entries {
		if !strings.HasPrefix(e.Action, "interview_") {
			continue
		}
		if !strings.HasPrefix(e.ActorEmail, "API key") {
			t.Errorf("%s by %q, want the API key", e.Action, e.ActorEmail)
		}
		var after map[string]any
		if err := json.Unmarshal([]byte(e.After), &after); err != nil {
			t.Fatalf("%s after = %q: %v", e.Action, e.After, err)
		}
		got[e.Action] = append(got[e.Action], after)
	}
	want := map[string]map[string]any{
		"interview_schedule": {"subject": ref(iv.ID), "scheduled_at": at.Format(time.RFC3339), "timezone": "Europe/Berlin"},
		"interview_complete": {"subject": ref(iv.ID), "verdict": "yes"},
		"interview_fail":     {"subject": ref(iv2.ID), "reason": "candidate_cancelled"},
	}
	for action, fields := range want {
		if len(got[action]) != 1 {
			t.Errorf("%s: %d entries %v, want 1", action, len(got[action]), got[action])
			continue
		}
		for k, v := range fields {
			if got[action][0][k] != v {
				t.Errorf("%s %s = %v, want %v", action, k, got[action][0][k], v)
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("interview audit actions = %v", got)
	}
	// The sync log agrees: one scheduled line, one unchanged line.
	if n, u := len(r.logged(o, leversync.CodeInterviewScheduled)), len(r.logged(o, leversync.CodeScheduleUnchanged)); n != 1 || u != 1 {
		t.Errorf("sync log: %d interview_scheduled, %d schedule_unchanged lines, want 1 and 1", n, u)
	}
	var stored models.Interview
	r.Store.Gorm().First(&stored, "id = ?", iv.ID)
	if stored.Status != models.StatusYes {
		t.Errorf("interview status %s after the refused second complete", stored.Status)
	}
}
