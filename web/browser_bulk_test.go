package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserBulkPostingMapping maps postings in bulk on the Postings
// section: the ones ticked after filtering by team, then every posting
// matching a location and state; the API shows exactly those mapped.
// Then a default profile is switched on for the rest.
func TestBrowserBulkPostingMapping(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Second)
	defer cancel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	setup := connectAndMap(t, app, client)
	b := newTab(t, ctx, app)
	b.login()
	type posting struct {
		ID        string  `json:"id"`
		Text      string  `json:"text"`
		State     string  `json:"state"`
		Team      string  `json:"team"`
		Location  string  `json:"location"`
		ProfileID *string `json:"profile_id"`
	}
	postings := func() []posting {
		var out []posting
		apiJSON(t, app, "GET", "/api/v1/lever/postings", "", 200, &out)
		return out
	}
	mappedTo := func(profile string) map[string]bool {
		out := map[string]bool{}
		for _, p := range postings() {
			if p.ProfileID != nil && *p.ProfileID == profile {
				out[p.ID] = true
			}
		}
		return out
	}

	// Ticked rows, after filtering by team.
	b.do("postings section", chromedp.Navigate(app.URL+"/integrations/lever?tab=postings"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="bulk-form"]`)))
	b.choose(`[data-testid="postings-team"]`, "Design")
	b.waitJS("filtered by team", `(() => { const rows = document.querySelectorAll("[data-testid=posting-row]");
		return !document.querySelector(".htmx-request") && rows.length > 1 && Array.from(rows).every(r => r.querySelector("[data-testid=posting-team]").textContent.trim() === "Design") })()`, 10*time.Second)
	picked := strings.Split(b.eval("tick two", `(() => { const rows = Array.from(document.querySelectorAll("[data-testid=posting-row]")).slice(0, 2);
		rows.forEach(r => r.querySelector("[data-testid=posting-select]").click());
		return rows.map(r => r.dataset.postingId).join(","); })()`), ",")
	b.choose(`[data-testid="bulk-profile"]`, "Platform Engineer")
	b.submitAndWait("apply to the ticked", `[data-testid="bulk-apply"]`, `document.querySelector("[data-testid=flash]")`, 15*time.Second)
	if got := b.text(`[data-testid="flash"]`); got != "2 postings are now mapped to the interview profile Platform Engineer." {
		t.Errorf("flash = %q", got)
	}
	if got := b.eval("filter kept", `document.querySelector("[data-testid=postings-team]").value`); got != "Design" {
		t.Errorf("after the bulk mapping the team filter is %q", got)
	}
	got := mappedTo(setup.ProfileID)
	if len(got) != 2 || !got[picked[0]] || !got[picked[1]] {
		t.Fatalf("mapped after ticking %v: %v", picked, got)
	}

	// Every posting matching a location and a state, over all pages.
	var profile struct{ ID string }
	apiJSON(t, app, "POST", "/api/v1/profiles", `{"name":"Berlin interviews","duration_minutes":45}`, 201, &profile)
	b.do("reload", chromedp.Navigate(app.URL+"/integrations/lever?tab=postings"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="bulk-form"]`)))
	b.choose(`[data-testid="postings-location"]`, "Berlin")
	b.waitJS("filtered by location", `!document.querySelector(".htmx-request") && Array.from(document.querySelectorAll("[data-testid=posting-row]")).every(r => r.querySelector("[data-testid=posting-location]").textContent.trim() === "Berlin")`, 10*time.Second)
	b.choose(`[data-testid="postings-state"]`, "Published")
	b.waitJS("filtered by state", `!document.querySelector(".htmx-request") && Array.from(document.querySelectorAll("[data-testid=posting-row]")).every(r => r.querySelector("[data-testid=posting-state]").dataset.state === "published" && r.querySelector("[data-testid=posting-location]").textContent.trim() === "Berlin")`, 10*time.Second)
	want := map[string]bool{}
	for _, p := range postings() {
		if p.Location == "Berlin" && p.State == "published" {
			want[p.ID] = true
		}
	}
	if label := b.text(`label:has([data-testid="bulk-scope-matching"])`); label != "All "+strconv.Itoa(len(want))+" postings matching this search" {
		t.Errorf("scope label = %q, want %d postings", label, len(want))
	}
	b.eval("all matching", `document.querySelector("[data-testid=bulk-scope-matching]").click(); ""`)
	b.choose(`[data-testid="bulk-profile"]`, "Berlin interviews")
	b.submitAndWait("apply to all matching", `[data-testid="bulk-apply"]`, `document.querySelector("[data-testid=flash]")`, 15*time.Second)
	if got := mappedTo(profile.ID); len(got) != len(want) || len(want) < 2 {
		t.Errorf("mapped to the Berlin profile: %d postings, want the %d published in Berlin", len(got), len(want))
	} else {
		for id := range want {
			if !got[id] {
				t.Errorf("posting %s (published, Berlin) not mapped", id)
			}
		}
	}
	if got := b.text(`[data-testid="flash"]`); !strings.HasSuffix(got, "postings are now mapped to the interview profile Berlin interviews.") {
		t.Errorf("flash = %q", got)
	}

	// A default profile for the rest (off until chosen).
	if got := b.text(`[data-testid="default-profile-state"]`); got != "Off" {
		t.Errorf("default profile before = %q", got)
	}
	b.choose(`[data-testid="default-profile"]`, "Platform Engineer")
	b.submitAndWait("save the default", `[data-testid="save-default-profile"]`, `document.querySelector("[data-testid=default-profile-state]")`, 15*time.Second)
	if got := b.text(`[data-testid="default-profile-state"]`); got != "On: Platform Engineer" {
		t.Errorf("default profile after = %q", got)
	}

	// A candidate of a posting still unmapped is picked up with it.
	var unmapped string
	for _, p := range postings() {
		if p.ProfileID == nil && p.State == "published" {
			unmapped = p.ID
			break
		}
	}
	opp := addCandidate(t, app, "Default Dana", "dana.default@example.test", unmapped)
	moveCandidate(t, app, opp, setup.Stages["to_be_scheduled"])
	iv := waitInterview(t, app, opp, "to_be_scheduled")
	if iv.ProfileID != setup.ProfileID {
		t.Errorf("interview of an unmapped posting has profile %q, want the default %q", iv.ProfileID, setup.ProfileID)
	}
}
