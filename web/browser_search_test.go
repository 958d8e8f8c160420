package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/intervue/lever-integration/models"
)

// TestBrowserSearchByRef is a recruiter pasting the IV- reference from a
// Lever note into the search box of Interviews and then of the Sync log.
func TestBrowserSearchByRef(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Second)
	defer cancel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	_, cand, apiIV := orderInterview(t, app, client, "Priya Natarajan")
	orderInterview(t, app, client, "Aisha Khan") // a second candidate the search must leave out
	var iv models.Interview
	if err := openStore(t, app).Gorm().First(&iv, "id = ?", apiIV.ID).Error; err != nil {
		t.Fatal(err)
	}
	b := newTab(t, ctx, app)
	b.login()
	pasted := "Interview " + strings.ToLower(iv.Ref) // as copied from a note, in any case
	b.do("search Interviews", chromedp.Navigate(app.URL+"/interviews"), chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), pasted), chromedp.Submit(chromedp.ID("q")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="interview-search-ref"]`)))
	if n := b.eval("rows", `String(document.querySelectorAll('tr[data-testid^="interview-row-"]').length)`); n != "1" {
		t.Fatalf("Interviews rows = %s", n)
	}
	if got := b.text(`tr[data-testid="interview-row-` + iv.ID + `"] [data-testid="candidate-name"]`); got != "Priya Natarajan" {
		t.Errorf("found %q", got)
	}
	b.do("search the sync log", chromedp.Navigate(app.URL+"/sync-log"), chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), iv.Ref), chromedp.Submit(chromedp.ID("q")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="synclog-ref"]`)))
	if n := b.eval("rows", `String(document.querySelectorAll('tr[data-testid="candidate-row"]').length)`); n != "1" {
		t.Fatalf("Sync log rows = %s", n)
	}
	b.do("open the timeline", chromedp.Click(chromedp.CSS(`tr[data-opportunity="`+cand.ID+`"] a[data-testid="timeline-link"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#timeline`)))
}
