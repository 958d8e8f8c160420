package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserLiveQueue watches Interviews and Needs attention update
// without a reload (a new candidate; a new item with the nav count), types
// a note that survives the live refresh, and resolves the item.
func TestBrowserLiveQueue(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Second)
	defer cancel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	setup := connectAndMap(t, app, client)
	b := newTab(t, ctx, app)
	b.login()

	// Interviews: a candidate moved in Lever appears by itself.
	b.do("open Interviews", chromedp.Navigate(app.URL+"/interviews"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="interviews-live"]`)))
	b.eval("mark the page", `window.notReloaded = "yes"; ""`)
	aisha := candidateNamed(t, app, "Aisha Khan")
	mapPosting(t, app, aisha.Posting, setup.ProfileID)
	moveCandidate(t, app, aisha.ID, setup.Stages["to_be_scheduled"])
	b.waitJS("the new interview row", `Array.from(document.querySelectorAll('[data-testid="candidate-name"]')).some(e => e.textContent.trim() === "Aisha Khan")`, 30*time.Second)
	if got := b.eval("marker", `String(window.notReloaded)`); got != "yes" {
		t.Fatalf("the page was reloaded (marker %q)", got)
	}

	// Needs attention: a new item and the nav count arrive by themselves.
	b.do("open Needs attention", chromedp.Navigate(app.URL+"/attention"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="attention-empty"]`)))
	b.eval("mark the page", `window.notReloaded = "yes"; window.swaps = 0; document.body.addEventListener("htmx:afterSwap", () => window.swaps++); ""`)
	grace := candidateNamed(t, app, "Grace Hopper") // posting not mapped
	moveCandidate(t, app, grace.ID, setup.Stages["to_be_scheduled"])
	row := `[data-testid="attention-row"][data-opportunity="` + grace.ID + `"]`
	b.waitJS("the new item", `document.querySelector('`+row+`') !== null`, 30*time.Second)
	b.waitJS("the nav count", `document.querySelector('[data-testid="nav-attention"]').dataset.count === "1"`, 10*time.Second)
	if got := b.eval("marker", `String(window.notReloaded)`); got != "yes" {
		t.Fatalf("the page was reloaded (marker %q)", got)
	}

	b.fullShot(scratchDir(t), "attention-queue.png")
	// A note being typed survives the next refresh.
	b.do("open Resolve", chromedp.Click(chromedp.CSS(row+` details[data-testid^="resolve-"] summary`)))
	b.do("type a note", chromedp.SendKeys(chromedp.CSS(row+` [data-testid="resolve-note"]`), "Moved to the Go posting by hand"))
	b.eval("count swaps from now", `window.swaps = 0; ""`)
	b.waitJS("a live refresh", `window.swaps >= 1`, 15*time.Second)
	if got := b.eval("note", `document.querySelector('`+row+` [data-testid="resolve-note"]').value`); got != "Moved to the Go posting by hand" {
		t.Fatalf("note after a refresh = %q", got)
	}
	b.do("resolve", chromedp.Click(chromedp.CSS(row+` [data-testid="resolve-button"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="flash"]`)))
	if got := b.text(`[data-testid="flash"]`); !strings.HasPrefix(got, "Resolved") {
		t.Errorf("flash = %q", got)
	}
	if n := b.eval("rows", `String(document.querySelectorAll('`+row+`').length)`); n != "0" {
		t.Error("the resolved item is still listed")
	}
	if got := b.eval("count", `document.querySelector('[data-testid="nav-attention"]').dataset.count`); got != "0" {
		t.Errorf("nav count after resolving = %s", got)
	}
	b.do("timeline", chromedp.Navigate(app.URL+"/sync-log/candidates/"+grace.ID), chromedp.WaitVisible(chromedp.CSS(`[data-testid="resolution"]`)))
	if got := b.text(`[data-testid="resolution"]`); !strings.Contains(got, "Resolved on Needs attention by "+app.DemoEmail) || !strings.Contains(got, "Moved to the Go posting by hand") {
		t.Errorf("timeline says %q", got)
	}
	b.fullShot(scratchDir(t), "timeline-summary.png")
}
