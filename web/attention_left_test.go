package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/intervue/lever-integration/models"
)

// TestAttentionLeftTheStage, over HTTP with the sandbox: a recruiter moves a
// candidate whose interview is scheduled into a Lever stage the
// integration does not use (the interview stays scheduled, docs/CONTRACT.md
// §8); Needs attention lists them under "Left the stage" (its own filter,
// in words, with a link to the interview) and the item clears when they are
// moved back into Scheduled, and again when, moved away once more, the
// interview ends. (Moved out before it was scheduled, the interview ends
// at once: TestMovedOutOfTheStage in leversync.)
func TestAttentionLeftTheStage(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	setup, c, iv := orderInterview(t, app, owner, "Priya Natarajan")
	var stages []struct{ ID, Text string }
	apiJSON(t, app, "GET", "/api/v1/lever/stages", "", 200, &stages)
	away := ""
	for _, s := range stages {
		if s.ID == "applicant-new" {
			away = s.Text
		}
	}
	if away == "" {
		t.Fatalf("no sandbox stage applicant-new in %v", stages)
	}

	// problem waits until the candidate's left-the-stage item is listed
	// (want) or gone (!want) at path, and returns it.
	problem := func(path string, want bool) *goquery.Selection {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			doc := getDoc(t, app, owner, path, 200)
			pr := doc.Find(fmt.Sprintf(`[data-testid="attention-row"][data-opportunity=%q] li[data-kind="left_stage"]`, c.ID))
			if (pr.Length() == 1) == want {
				return pr
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: left-the-stage item listed = %v, want %v:\n%s", path, pr.Length() == 1, want, squash(byTestID(doc, "attention-live")))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	apiJSON(t, app, "POST", "/api/v1/interviews/"+iv.ID+"/schedule", `{"scheduled_at":"2030-01-02T15:00:00Z","timezone":"UTC","duration_minutes":60,"interviewer":"Ada"}`, 200, nil)
	waitInterview(t, app, c.ID, "scheduled")
	store := openStore(t, app)
	waitFor(t, "the move to Scheduled and the note written", func() bool {
		var pending int64
		store.Gorm().Model(&models.LeverWrite{}).Where("interview_id = ? AND status = ?", iv.ID, models.WritePending).Count(&pending)
		return pending == 0
	})
	problem("/attention", false)
	moveCandidate(t, app, c.ID, "applicant-new")
	pr := problem("/attention?cause=left_stage", true)
	text := squash(pr)
	for _, want := range []string{"Left the stage", "Interview in progress, but the candidate left the stage in Lever", fmt.Sprintf("%q", away), "is scheduled", "Unable to schedule"} {
		if !strings.Contains(text, want) {
			t.Errorf("item does not say %q: %q", want, text)
		}
	}
	if strings.Contains(text, "_") || strings.Contains(text, "applicant-new") {
		t.Errorf("item shows codes: %q", text)
	}
	if href, _ := pr.Find(`a[href^="/interviews/"]`).Attr("href"); href != "/interviews/"+iv.ID {
		t.Errorf("link to the interview = %q, want /interviews/%s", href, iv.ID)
	}
	doc := getDoc(t, app, owner, "/attention", 200)
	if got := squash(byTestID(doc, "cause-left_stage").Find(`[data-testid="chip-count"]`)); got != "1" {
		t.Errorf("Left the stage filter count = %q", got)
	}
	if n := getDoc(t, app, owner, "/attention?cause=write", 200).Find(`li[data-kind="left_stage"]`).Length(); n != 0 {
		t.Errorf("the Lever write filter lists %d left-the-stage items", n)
	}

	// Back into Scheduled: cleared.
	moveCandidate(t, app, c.ID, setup.Stages["scheduled"])
	problem("/attention", false)

	// Away again, then the interview ends: cleared.
	moveCandidate(t, app, c.ID, "applicant-new")
	problem("/attention?cause=left_stage", true)
	apiJSON(t, app, "POST", "/api/v1/interviews/"+iv.ID+"/fail", `{"reason":"organisation_cancelled"}`, 200, nil)
	problem("/attention", false)
}
