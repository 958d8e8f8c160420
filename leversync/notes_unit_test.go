package leversync

import (
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/models"
)

func utcTime(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// A first schedule in New York on the Monday after daylight saving ended
// (1 November 2026): EST, UTC-05:00.
func TestScheduleNoteAfterDSTEnd(t *testing.T) {
	at := utcTime(t, "2026-11-02T15:00:00Z")
	iv := &models.Interview{ScheduledAt: &at, Timezone: "America/New_York", DurationMinutes: 60,
		Interviewer: "Grace Hopper\x07", ProfileName: "Backend", MeetingURL: "https://meet.example/abc"}
	want := `Intervue.io interview scheduled

Date: Monday, 2 November 2026
Time: 10:00 EST (America/New_York, UTC-05:00)
Duration: 60 minutes
Interviewer: Grace Hopper
Interview profile: Backend
Meeting link: https://meet.example/abc

— Intervue.io · Ref IV-7-scheduled`
	if got := scheduleNote(iv, "IV-7-scheduled", nil); got != want {
		t.Fatalf("note:\n%s\nwant:\n%s", got, want)
	}
}

// A reschedule across the start of summer time in Berlin (29 March 2026):
// Was in CET, Now in CEST, each with its UTC time.
func TestRescheduleNoteAcrossDSTStart(t *testing.T) {
	was := utcTime(t, "2026-03-28T09:00:00Z")
	now := utcTime(t, "2026-03-30T08:00:00Z")
	iv := &models.Interview{ScheduledAt: &now, Timezone: "Europe/Berlin", DurationMinutes: 45, Interviewer: "Ada Lovelace"}
	want := `Intervue.io interview rescheduled

Was: Saturday, 28 March 2026, 10:00 CET (Europe/Berlin, UTC+01:00) = 2026-03-28 09:00 UTC
Now: Monday, 30 March 2026, 10:00 CEST (Europe/Berlin, UTC+02:00) = 2026-03-30 08:00 UTC

Date: Monday, 30 March 2026
Time: 10:00 CEST (Europe/Berlin, UTC+02:00)
Duration: 45 minutes
Interviewer: Ada Lovelace

— Intervue.io · Ref IV-7-scheduled-2`
	got := scheduleNote(iv, "IV-7-scheduled-2", &priorSchedule{At: was, Timezone: "Europe/Berlin"})
	if got != want {
		t.Fatalf("note:\n%s\nwant:\n%s", got, want)
	}
}

func TestVerdictNote(t *testing.T) {
	iv := &models.Interview{Verdict: "no", Interviewer: "Ada Lovelace", Summary: "  Strong on design;\x00 weak on testing.  "}
	want := `Intervue.io interview completed

Verdict: No: not recommended
Playback: https://app.test/links/playback/p1
Report (PDF): https://app.test/links/report/r1
Interviewer: Ada Lovelace

Summary:
Strong on design; weak on testing.

— Intervue.io · Ref IV-7-completed`
	if got := verdictNote(iv, "IV-7-completed", "https://app.test/links/playback/p1", "https://app.test/links/report/r1"); got != want {
		t.Fatalf("note:\n%s\nwant:\n%s", got, want)
	}
	iv.Verdict = "yes"
	if got := verdictNote(iv, "m", "p", "r"); !strings.Contains(got, "\nVerdict: Yes: recommended to move forward\n") {
		t.Fatalf("yes verdict note:\n%s", got)
	}
}

// A note longer than Lever takes is cut before its footer, which always
// survives whole (the marker is how an already-posted note is found).
func TestLongNoteKeepsFooter(t *testing.T) {
	iv := &models.Interview{Verdict: "yes", Summary: strings.Repeat("é", 3500)}
	got := verdictNote(iv, "IV-9-completed", "p", "r")
	if !strings.HasSuffix(got, "\n\n— Intervue.io · Ref IV-9-completed") || !containsRef(got, noteFooter("IV-9-completed")) {
		t.Fatalf("footer lost: ...%s", got[len(got)-60:])
	}
	if n := len([]rune(got)); n > maxNoteRunes {
		t.Fatalf("note has %d runes, more than %d", n, maxNoteRunes)
	}
}

// The marker in a note's footer is found again only as a whole marker.
func TestNoteMarkerRoundTrip(t *testing.T) {
	note := finishNote([]string{"Intervue.io interview scheduled"}, "IV-1-scheduled")
	cases := []struct {
		text, ref string
		want      bool
	}{
		{note, noteFooter("IV-1-scheduled"), true},
		{note, noteFooter("IV-1-schedule"), false},                                           // a prefix of the marker
		{finishNote(nil, "IV-1-scheduled-2"), noteFooter("IV-1-scheduled"), false},           // a later note's marker
		{"Ref IV-1-scheduled-2 and Ref IV-1-scheduled.", noteFooter("IV-1-scheduled"), true}, // the second mention is whole
		{"edited by a recruiter: Ref IV-1-scheduled", noteFooter("IV-1-scheduled"), true},    // at the very end
		{"Ref IV-1-scheduledX", noteFooter("IV-1-scheduled"), false},                         // runs on into a letter
		{"", noteFooter("IV-1-scheduled"), false},
	}
	for _, c := range cases {
		if got := containsRef(c.text, c.ref); got != c.want {
			t.Errorf("containsRef(%q, %q) = %v, want %v", c.text, c.ref, got, c.want)
		}
	}
}

// A new marker never reuses one already planned, nor one whose stage move
// ("-move") was.
func TestNextMarker(t *testing.T) {
	writes := func(markers ...string) []models.LeverWrite {
		out := make([]models.LeverWrite, len(markers))
		for i, m := range markers {
			out[i].Marker = m
		}
		return out
	}
	cases := []struct {
		existing []models.LeverWrite
		want     string
	}{
		{nil, "IV-3-scheduled"},
		{writes("IV-3-scheduled"), "IV-3-scheduled-2"},
		{writes("IV-3-scheduled-move"), "IV-3-scheduled-2"},
		{writes("IV-3-scheduled", "IV-3-scheduled-2", "IV-3-unable"), "IV-3-scheduled-3"},
		{writes("IV-30-scheduled"), "IV-3-scheduled"},
	}
	for _, c := range cases {
		if got := nextMarker("IV-3", "scheduled", c.existing); got != c.want {
			t.Errorf("nextMarker with %v = %q, want %q", c.existing, got, c.want)
		}
	}
}

// The credit reserved at pickup comes back when an interview ends unable
// to be scheduled, unless the candidate did not show up.
func TestCreditRefund(t *testing.T) {
	cases := []struct {
		name     string
		reserved bool
		status   string
		reason   string
		want     int
	}{
		{"unable, reserved", true, models.StatusUnable, ReasonNoPosting, 1},
		{"unable for no credits, reserved", true, models.StatusUnable, ReasonNoCredits, 1},
		{"no-show: the slot was used", true, models.StatusUnable, ReasonNoShow, 0},
		{"never reserved", false, models.StatusUnable, ReasonNoPosting, 0},
		{"completed", true, models.StatusYes, "", 0},
		{"still scheduled", true, models.StatusScheduled, "", 0},
	}
	for _, c := range cases {
		before := models.Interview{CreditReserved: c.reserved}
		after := models.Interview{CreditReserved: c.reserved, Status: c.status, FailureReason: c.reason}
		if got := CreditRefund(before, after); got != c.want {
			t.Errorf("%s: CreditRefund = %d, want %d", c.name, got, c.want)
		}
	}
}
