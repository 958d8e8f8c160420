package handlers

import (
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

func TestOpportunityFromURL(t *testing.T) {
	tests := []struct {
		name, q, want string
	}{
		{"Lever", "https://hire.lever.co/candidates/250d8f03-738a-4bba-a671-8a3d73477145", "250d8f03-738a-4bba-a671-8a3d73477145"},
		{"LeverEU", "https://hire.eu.lever.co/candidates/abc-123?tab=notes#x", "abc-123"},
		{"TrailingSlash", " https://hire.lever.co/candidates/abc/ ", "abc"},
		{"Sandbox", "http://localhost:8080/sandbox/lever/candidates/opp-1", "opp-1"},
		{"APIURL", "https://api.lever.co/v1/opportunities/opp-2/notes", "opp-2"},
		{"LastSegment", "https://hire.lever.co/opp-3", "opp-3"},
		{"NotURL", "ada@example.com", ""},
		{"PlainID", "250d8f03-738a-4bba-a671-8a3d73477145", ""},
		{"OtherScheme", "javascript:alert(1)", ""},
		{"NoPath", "https://hire.lever.co/", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := opportunityFromURL(tt.q); got != tt.want {
				t.Errorf("opportunityFromURL(%q) = %q, want %q", tt.q, got, tt.want)
			}
		})
	}
}

func TestLocalTime(t *testing.T) {
	tests := []struct {
		name, value, zone, want string
	}{
		{"SummerTime", "2026-03-31T10:00", "Europe/Berlin", "2026-03-31T08:00:00Z"},
		{"WinterTime", "2026-01-15T10:00", "Europe/Berlin", "2026-01-15T09:00:00Z"},
		{"Seconds", "2026-07-01T09:30:15", "America/New_York", "2026-07-01T13:30:15Z"},
		{"UnknownZoneReadsUTC", "2026-03-31T10:00", "Mars/Olympus", "2026-03-31T10:00:00Z"},
		{"Empty", "", "Europe/Berlin", "0001-01-01T00:00:00Z"},
		{"Garbage", "tomorrow", "Europe/Berlin", "0001-01-01T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := localTime(tt.value, tt.zone).UTC().Format(time.RFC3339); got != tt.want {
				t.Errorf("localTime(%q, %q) = %s, want %s", tt.value, tt.zone, got, tt.want)
			}
		})
	}
}

func TestRelative(t *testing.T) {
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"JustNow", now.Add(-20 * time.Second), "just now"},
		{"Minutes", now.Add(-5 * time.Minute), "5 min ago"},
		{"Hours", now.Add(-3 * time.Hour), "3 h ago"},
		{"Days", now.Add(-72 * time.Hour), "3 days ago"},
		{"Future", now.Add(10 * time.Minute), "in 10 min"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := relative(now, tt.at); got != tt.want {
				t.Errorf("relative = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseCompleteForm(t *testing.T) {
	form := url.Values{"verdict": {"no"}, "playback_url": {" https://play.example/1 "}, "summary": {"ok"},
		"rating_skill": {"Go", "SQL", "", "Design"}, "rating_score": {"4", "", "", ""}, "rating_comment": {"", "", "", "Weak"}}
	r := httptest.NewRequest("POST", "/interviews/x/complete", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	f, in := parseCompleteForm(r)
	if in.Verdict != "no" || in.PlaybackURL != "https://play.example/1" || len(in.Ratings) != 2 {
		t.Fatalf("input = %+v", in)
	}
	if in.Ratings[0] != (leversync.Rating{Skill: "Go", Score: 4}) || in.Ratings[1] != (leversync.Rating{Skill: "Design", Comment: "Weak"}) {
		t.Errorf("ratings = %+v", in.Ratings)
	}
	if len(f.Ratings) != 4 || f.Ratings[0].Field != "ratings[0]" || f.Ratings[1].Field != "" || f.Ratings[3].Field != "ratings[1]" {
		t.Errorf("rows = %+v", f.Ratings)
	}
	errs, ok := formErrors(in.Validate())
	if !ok || !strings.Contains(errs["ratings[1]"], "score from 1 to 5") || errs.Has("ratings[0]") {
		t.Errorf("errors = %v", errs)
	}
}

func TestFormErrors(t *testing.T) {
	if _, ok := formErrors(errors.New("boom")); ok {
		t.Error("a plain error is not a form error")
	}
	if _, ok := formErrors(nil); ok {
		t.Error("nil is not a form error")
	}
	errs, ok := formErrors(&models.ValidationError{Fields: map[string]string{"timezone": "timezone must be …", "status": "cannot schedule: interview IV-1 is already done with verdict Yes (reload to see it)"}})
	if !ok || errs["timezone"] != formMessages["timezone"] || errs.General("timezone") != "cannot schedule: interview IV-1 is already done with verdict Yes (reload to see it)" {
		t.Errorf("errors = %v", errs)
	}
}

func TestPager(t *testing.T) {
	q := url.Values{"status": {"scheduled"}}
	tests := []struct {
		name       string
		page       int
		total      int64
		pages      int
		prev, next string
	}{
		{"Empty", 1, 0, 0, "", ""},
		{"OnePage", 1, 50, 1, "", ""},
		{"First", 1, 51, 2, "", "/interviews?page=2&status=scheduled"},
		{"Last", 3, 101, 3, "/interviews?page=2&status=scheduled", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pager("/interviews", q, tt.page, tt.total)
			if p.Pages != tt.pages || p.PrevURL != tt.prev || p.NextURL != tt.next {
				t.Errorf("pager = %+v", p)
			}
		})
	}
	if q.Get("page") != "" {
		t.Error("pager changed the filters")
	}
}
