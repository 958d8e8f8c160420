package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserScreens opens the Lever screen and the dashboard with data in
// them, at desktop width and at 375px: every control has a label, no
// positive tabindex reorders the focus, nothing is wider than a phone's
// screen, and the chart and progress need no script. It saves the
// screenshots (docs/screenshots with UPDATE_SCREENSHOTS=1).
func TestBrowserScreens(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Second)
	defer cancel()
	app := startApp(t, nil)
	b := newTab(t, ctx, app)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	setup, _, iv := orderInterview(t, app, client, "Priya Natarajan")
	apiJSON(t, app, "POST", "/api/v1/interviews/"+iv.ID+"/schedule",
		`{"scheduled_at":"2030-04-01T08:30:00Z","timezone":"Asia/Kolkata","duration_minutes":60,"interviewer":"Dana Scully"}`, 200, nil)
	for _, name := range []string{"Grace Hopper", "Liam O'Brien"} {
		c := candidateNamed(t, app, name)
		mapPosting(t, app, c.Posting, setup.ProfileID)
		moveCandidate(t, app, c.ID, setup.Stages["to_be_scheduled"])
		waitInterview(t, app, c.ID, "to_be_scheduled")
	}
	unmapped := candidateNamed(t, app, "Ada Lovelace")
	moveCandidate(t, app, unmapped.ID, setup.Stages["to_be_scheduled"])
	waitInterview(t, app, unmapped.ID, "unable_to_schedule")

	b.login()
	docs, scratch := shotDir(t), scratchDir(t)
	pages := []struct{ path, ready, name string }{
		{"/integrations/lever", `[data-testid="activity-chart"]`, "lever-screen-full.png"},
		{"/interviews", `[data-testid="interviews-table"]`, "dashboard.png"},
		{"/sync-log", `[data-testid="candidate-row"]`, "sync-log.png"},
		{"/sync-log/candidates/" + unmapped.ID, `[data-testid="timeline-page"]`, "timeline.png"},
		{"/attention", `[data-testid="attention-row"]`, "attention.png"},
	}
	docShots := map[string]bool{"dashboard.png": true, "sync-log.png": true, "timeline.png": true, "attention.png": true}
	check := func(width string) {
		t.Helper()
		for _, p := range pages {
			b.do("open "+p.path, chromedp.Navigate(app.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
			if got := b.unlabelled(); got != "" {
				t.Errorf("%s at %s: controls without a label:\n%s", p.path, width, got)
			}
			if got := b.eval("tabindex", `String(document.querySelectorAll('[tabindex]:not([tabindex="-1"]):not([tabindex="0"])').length)`); got != "0" {
				t.Errorf("%s: %s elements reorder the focus with a positive tabindex", p.path, got)
			}
			if got := b.overflow(); got != "0" {
				t.Errorf("%s at %s: the page is %s px wider than the screen", p.path, width, got)
			}
			if got := b.eval("first tab stop", `document.querySelector("a, button, input, select").className`); got != "skip-link" {
				t.Errorf("%s: the first focusable element is %q, not the skip link", p.path, got)
			}
			if width == "desktop" && docShots[p.name] {
				b.fullShot(docs, p.name)
				continue
			}
			b.fullShot(scratch, strings.TrimSuffix(p.name, ".png")+"-"+width+".png")
		}
	}
	check("desktop")
	b.do("back to the Lever screen", chromedp.Navigate(app.URL+"/integrations/lever"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="lever-health"]`)))
	b.regionShot(scratch, "lever-health-overview.png", `[data-testid="lever-health"]`, `#activity-card`)

	b.do("narrow screen", chromedp.EmulateViewport(375, 812))
	check("375")
	b.do("the Lever screen", chromedp.Navigate(app.URL+"/integrations/lever"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="activity-chart"]`)))
	if got := b.eval("chart width", `String(Math.round(document.querySelector("[data-testid=activity-chart]").getBoundingClientRect().width))`); got == "0" {
		t.Error("the chart is not shown on a narrow screen")
	}
}
