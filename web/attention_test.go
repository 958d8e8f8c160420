package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/intervue/lever-integration/models"
)

func TestNeedsAttention(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	setup := connectAndMap(t, app, client)
	store := openStore(t, app)

	// A posting nobody mapped: the pickup ends in Unable to schedule.
	grace := candidateNamed(t, app, "Grace Hopper")
	moveCandidate(t, app, grace.ID, setup.Stages["to_be_scheduled"])
	waitInterview(t, app, grace.ID, "unable_to_schedule")
	// A Lever write that failed for good.
	fatima := candidateNamed(t, app, "Fatima Zahra")
	mapPosting(t, app, fatima.Posting, setup.ProfileID)
	moveCandidate(t, app, fatima.ID, setup.Stages["to_be_scheduled"])
	iv := waitInterview(t, app, fatima.ID, "to_be_scheduled")
	wr := writeWhenDone(t, store, iv.ID, models.WriteAddTag)
	failWrite(t, store, wr.ID)

	doc := getDoc(t, app, client, "/attention", 200)
	if got := strings.TrimSpace(doc.Find(`[data-testid="nav-attention"]`).Text()); got != "Needs attention (2)" {
		t.Errorf("nav = %q", got)
	}
	t.Run("Pickup", func(t *testing.T) {
		row := doc.Find(`[data-testid="attention-row"][data-opportunity="` + grace.ID + `"]`)
		advice := row.Find(`[data-kind="pickup"] [data-testid="advice"]`)
		if !strings.Contains(squash(advice), "Map posting “"+grace.Posting+"” to an interview profile") || !strings.Contains(squash(advice), "To be Scheduled stage again") {
			t.Errorf("advice = %q", squash(advice))
		}
		if advice.Find(`a[data-testid="advice-link"]`).AttrOr("href", "") != "/integrations/lever?tab=postings#postings-card" {
			t.Error("no link to the postings")
		}
		if row.Find(`form[action*="/retry"]`).Length() != 0 {
			t.Error("Retry offered where it cannot help")
		}
		if !strings.HasPrefix(row.Find(`a[data-testid="attention-timeline"]`).AttrOr("href", ""), "/sync-log/candidates/"+grace.ID) {
			t.Error("no link to the timeline")
		}
	})
	t.Run("TimelineSaysWhatToDo", func(t *testing.T) {
		tl := getDoc(t, app, client, "/sync-log/candidates/"+grace.ID, 200)
		var found bool
		tl.Find(`li[data-kind="decision"][data-status="failed"] [data-testid="advice"]`).Each(func(_ int, s *goquery.Selection) {
			found = found || strings.HasPrefix(squash(s), "What to do: Map posting “"+grace.Posting+"”")
		})
		if !found {
			t.Errorf("no advice on the failed decision:\n%s", tail(squash(tl.Find(`#timeline`)), 2000))
		}
	})
	t.Run("RetryWrite", func(t *testing.T) {
		form := doc.Find(`form[data-testid="attention-retry-` + wr.ID + `"]`)
		if form.AttrOr("action", "") != "/sync-log/writes/"+wr.ID+"/retry" {
			t.Fatalf("no Retry for the failed write: %q", squash(doc.Find(`[data-testid="attention-page"]`)))
		}
		resp, _ := postForm(t, app, noRedirect(client), form.AttrOr("action", ""), url.Values{"next": {"/attention"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/attention" {
			t.Fatalf("retry = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		writeWhenDone(t, store, iv.ID, models.WriteAddTag)
		doc := getDoc(t, app, client, "/attention", 200)
		if doc.Find(`[data-opportunity="`+fatima.ID+`"]`).Length() != 0 || doc.Find(`[data-testid="nav-attention"]`).AttrOr("data-count", "") != "1" {
			t.Errorf("after the retry: %q", squash(doc.Find(`[data-testid="attention-page"]`)))
		}
	})
	t.Run("TimelineSaysWhatBlocksAll", func(t *testing.T) {
		path := "/sync-log/candidates/" + grace.ID
		if getDoc(t, app, client, path, 200).Find(`[data-testid="timeline-blocked"]`).Length() != 0 {
			t.Error("blocked notice while the integration runs")
		}
		apiJSON(t, app, "PUT", "/api/v1/lever/enabled", `{"enabled":false}`, 200, nil)
		got := squash(getDoc(t, app, client, path, 200).Find(`[data-testid="timeline-blocked"]`))
		if !strings.Contains(got, "The integration is turned off") {
			t.Errorf("blocked notice = %q", got)
		}
	})
}
