package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/intervue/lever-integration/models"
)

func TestBackfill(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	setup := connectAndMap(t, app, client)
	store := openStore(t, app)
	orgID := demoOrgID(t, store)
	tbs := setup.Stages["to_be_scheduled"]
	webhooks := func(on string) {
		postForm(t, app, http.DefaultClient, "/sandbox/lever/pipeline/webhooks-enabled", url.Values{"account": {sandboxAccount}, "enabled": {on}})
	}

	// Before the integration is enabled: one candidate moved while Lever's
	// webhook was off, one delivered while we were disabled.
	apiJSON(t, app, "PUT", "/api/v1/lever/enabled", `{"enabled":false}`, 200, nil)
	lost, held := candidateNamed(t, app, "Ada Lovelace"), candidateNamed(t, app, "Grace Hopper")
	mapPosting(t, app, lost.Posting, setup.ProfileID)
	mapPosting(t, app, held.Posting, setup.ProfileID)
	webhooks("off")
	moveCandidate(t, app, lost.ID, tbs)
	webhooks("on")
	moveCandidate(t, app, held.ID, tbs)
	waitFor(t, "the delivery recorded while disabled", func() bool {
		ds, _ := store.Deliveries(context.Background(), orgID, held.ID)
		return len(ds) == 1 && ds[0].Status == models.DeliveryDisabled
	})
	apiJSON(t, app, "PUT", "/api/v1/lever/enabled", `{"enabled":true}`, 200, nil)
	time.Sleep(300 * time.Millisecond)
	if ds, _ := store.Deliveries(context.Background(), orgID, held.ID); len(ds) != 1 || ds[0].Status != models.DeliveryDisabled {
		t.Fatalf("enabling replayed the held delivery: %+v", ds)
	}

	preview := func(t *testing.T) map[string]*goquery.Selection {
		t.Helper()
		doc := getDoc(t, app, client, "/integrations/lever/backfill", 200)
		rows := map[string]*goquery.Selection{}
		doc.Find(`[data-testid="backfill-row"]`).Each(func(_ int, s *goquery.Selection) { rows[s.AttrOr("data-opportunity", "")] = s })
		return rows
	}
	rows := preview(t)
	for _, c := range []struct {
		cand  sandboxCandidate
		known string
	}{{lost, "Never received"}, {held, "Received while the integration was disabled"}} {
		r := rows[c.cand.ID]
		if r == nil {
			t.Fatalf("%s not in the preview", c.cand.Name)
		}
		if r.AttrOr("data-eligible", "") != "true" || !strings.Contains(squash(r.Find(`[data-testid="backfill-known"]`)), c.known) {
			t.Errorf("%s: eligible=%s known=%q", c.cand.Name, r.AttrOr("data-eligible", ""), squash(r.Find(`[data-testid="backfill-known"]`)))
		}
		if got := squash(r.Find(`[data-testid="backfill-email"]`)); got != c.cand.Email {
			t.Errorf("%s email = %q", c.cand.Name, got)
		}
		if got := squash(r.Find(`[data-testid="backfill-posting"]`)); got != c.cand.Posting {
			t.Errorf("%s posting = %q", c.cand.Name, got)
		}
	}

	card := htmxPost(t, app, client, "/integrations/lever/backfill", url.Values{"opportunity": {lost.ID, held.ID}})
	if got := squash(card.Find(`[data-testid="backfill-message"]`)); got != "Backfill started: 2 candidates queued." {
		t.Fatalf("message = %q (error %q)", got, squash(card.Find(`[data-testid="backfill-error"]`)))
	}
	progress := card.Find(`[data-testid="backfill-progress"]`)
	poll := progress.AttrOr("data-url", "")
	if !strings.HasPrefix(poll, "/integrations/lever/backfill/progress?batch=") {
		t.Fatalf("no progress URL: %q", poll)
	}
	if progress.AttrOr("data-finished", "") == "false" && (progress.AttrOr("hx-get", "") != poll || progress.AttrOr("hx-trigger", "") != "every 1s") {
		t.Errorf("running backfill not polled: hx-get=%q hx-trigger=%q", progress.AttrOr("hx-get", ""), progress.AttrOr("hx-trigger", ""))
	}
	if progress.Find(`progress[max="2"]`).Length() != 1 || card.Find(`label[for="backfill-progress-bar"]`).Length() != 1 {
		t.Error("no labelled <progress> of 2")
	}
	{
		waitFor(t, "the backfill to finish", func() bool {
			return htmxGet(t, app, client, poll).Find(`[data-testid="backfill-progress"]`).AttrOr("data-finished", "") == "true"
		})
		done := htmxGet(t, app, client, poll).Find(`[data-testid="backfill-progress"]`)
		if done.AttrOr("hx-trigger", "") != "" || !strings.HasPrefix(squash(done.Find(`[data-testid="backfill-progress-text"]`)), "2 of 2 processed (100%)") {
			t.Errorf("finished progress = %q", squash(done))
		}
		// Without JavaScript the same URL is the whole screen.
		if doc := getDoc(t, app, client, poll, 200); byTestID(doc, "backfill-progress").Length() != 1 || byTestID(doc, "lever-tabs").Length() != 1 {
			t.Error("the refresh link does not show the screen with the progress")
		}
	}
	first := waitInterview(t, app, lost.ID, "to_be_scheduled")
	waitInterview(t, app, held.ID, "to_be_scheduled")

	// A second backfill processes no one twice.
	rows = preview(t)
	for _, c := range []sandboxCandidate{lost, held} {
		if r := rows[c.ID]; r == nil || r.AttrOr("data-eligible", "") != "false" || !strings.Contains(squash(r.Find(`[data-testid="backfill-known"]`)), "is already to be scheduled") {
			t.Errorf("%s after the backfill: %v", c.Name, r)
		}
	}
	card = htmxPost(t, app, client, "/integrations/lever/backfill", url.Values{"opportunity": {lost.ID, held.ID}})
	if got := squash(card.Find(`[data-testid="backfill-message"]`)); !strings.HasPrefix(got, "Nothing to process") {
		t.Errorf("second backfill: %q", got)
	}
	time.Sleep(500 * time.Millisecond)
	var ivs []apiInterview
	apiJSON(t, app, "GET", "/api/v1/interviews?opportunity_id="+lost.ID, "", 200, &ivs)
	if len(ivs) != 1 || ivs[0].ID != first.ID {
		t.Errorf("interviews of %s after two backfills: %v", lost.Name, ivs)
	}
	doc := getDoc(t, app, client, "/integrations/lever?tab=audit", 200)
	if got := doc.Find(`[data-testid="audit-row"][data-action="backfill"]`).Last().AttrOr("data-after", ""); !strings.Contains(got, `"candidates":2`) {
		t.Errorf("backfill audit = %q", got)
	}
	doc = getDoc(t, app, client, "/integrations/lever?tab=backfill", 200)
	if got := fmt.Sprint(byTestID(doc, "backfill-progress").AttrOr("data-finished", "")); got != "true" {
		t.Errorf("screen shows the last backfill as finished=%s", got)
	}
}
