package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const chromiumPath = "/usr/bin/chromium"

// browser starts headless Chromium with a fresh profile, bounded by ctx.
func browser(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but %s is missing: apt-get install -y chromium", chromiumPath)
		}
		t.Skipf("%s is missing (apt-get install -y chromium)", chromiumPath)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 1000))
	t.Cleanup(cancelAlloc)
	bctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	return bctx
}

// selectByText picks the option with this visible text in the select
// matched by css and fires change, as a person choosing it would.
const selectByText = `(css, label) => {
	const s = document.querySelector(css);
	const o = Array.from(s.options).find(o => o.text.trim() === label);
	if (!o) throw new Error("no option " + label + " in " + css);
	s.value = o.value;
	s.dispatchEvent(new Event("change", {bubbles: true}));
	return o.value;
}`

func TestBrowserLeverSetup(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	b := browser(t, ctx)
	app := startApp(t, nil)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(css string) string {
		t.Helper()
		s, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(css)))
		if err != nil {
			t.Fatalf("text of %s: %v", css, err)
		}
		return strings.Join(strings.Fields(s), " ")
	}
	eval := func(what, js string) string {
		t.Helper()
		v, err := chromedp.Run(b, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	choose := func(css, label string) {
		t.Helper()
		eval("choose "+label, fmt.Sprintf("(%s)(%q, %q)", selectByText, css, label))
	}
	tid := func(id string) chromedp.CSS { return chromedp.CSS(`[data-testid="` + id + `"]`) }

	do("log in", chromedp.Navigate(app.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), app.DemoEmail), chromedp.SendKeys(chromedp.ID("password"), app.DemoPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)), chromedp.WaitVisible(tid("begin-setup")))

	do("Begin setup", chromedp.Click(tid("begin-setup")), chromedp.WaitVisible(tid("setup-modal")))
	if got := eval("modal", `String(document.querySelector("#setup-modal").matches(":modal")) + " " + document.querySelectorAll("[data-testid=setup-scope]").length`); got != "true 13" {
		t.Errorf("modal state and scopes = %q, want a modal listing 13 scopes", got)
	}
	if scopes := text(`[data-testid="setup-scopes"]`); !strings.Contains(scopes, "offline_access") || !strings.Contains(scopes, "webhooks:write:admin") {
		t.Errorf("scopes = %q", scopes)
	}

	do("Continue and accept", chromedp.Click(tid("continue-to-lever")), chromedp.WaitVisible(tid("accept")),
		chromedp.Click(tid("accept")), chromedp.WaitVisible(tid("connection-state")))
	if got := text(`[data-testid="connection-state"]`); got != "Connected to Lever account "+sandboxAccount {
		t.Fatalf("after consent: %q (flash %q)", got, eval("flash", `(document.querySelector("[data-testid=flash]")||{}).textContent||""`))
	}

	stages := map[string]string{"to_be_scheduled": "Intervue - To be Scheduled", "scheduled": "Intervue - Scheduled",
		"intervue_yes": "Intervue - Yes", "intervue_no": "Intervue - No", "unable_to_schedule": "Intervue - Unable to schedule"}
	for field, label := range stages {
		choose("#stage-"+field, label)
	}
	do("save stage mapping", chromedp.Evaluate[chromedp.Void](`window.noReload = "still here"`),
		chromedp.Click(tid("save-stage-mapping")), chromedp.WaitVisible(tid("stage-mapping-saved")))
	if got := text(`[data-testid="stage-mapping-saved"]`); got != "Stage mapping saved" {
		t.Errorf("message = %q", got)
	}
	if got := eval("marker", `String(window.noReload)`); got != "still here" {
		t.Errorf("the page reloaded on save (marker %q)", got)
	}
	if got := eval("checklist", `document.querySelector("[data-testid=check-stages]").dataset.state`); got != "ok" {
		t.Errorf("checklist stages = %q after save", got)
	}

	// Typing sends a search 300ms after the last key. Enter the whole query
	// as one input event (as a paste does): typed keys can be slow enough,
	// under -race, to let a search for a prefix land after we pick a row.
	do("search postings", chromedp.Evaluate[chromedp.Void](`(() => { const q = document.querySelector("[data-testid=postings-search]");
			q.focus(); q.value = "backend"; q.dispatchEvent(new Event("input", {bubbles: true})); })()`), chromedp.Sleep(600*time.Millisecond),
		chromedp.Poll[chromedp.Void](`(() => { const rows = document.querySelectorAll("[data-testid=posting-row]");
			return !document.querySelector(".htmx-request") && rows.length > 0 && rows.length < 50 &&
				Array.from(rows).every(r => r.textContent.toLowerCase().includes("backend")) })()`,
			chromedp.WithPollingTimeout(10*time.Second)))
	if got := eval("marker", `String(window.noReload)`); got != "still here" {
		t.Errorf("the page reloaded on search")
	}

	postingID := eval("posting", `document.querySelector("[data-testid=posting-row]").dataset.postingId`)
	row := `tr[data-posting-id="` + postingID + `"]`
	choose(row+" select", "Backend Engineer (Go)")
	do("posting saved", chromedp.WaitVisible(chromedp.CSS(row+` [data-testid="posting-saved"]`)))
	if got := text(`[data-testid="postings-mapped-count"]`); !strings.HasPrefix(got, "1 of ") {
		t.Errorf("mapped count = %q after saving", got)
	}
	if got := eval("checklist", `document.querySelector("[data-testid=check-postings]").dataset.state`); got != "ok" {
		t.Errorf("checklist postings = %q after saving", got)
	}

	eval("scroll", `window.scrollTo(0, 0); ""`)
	shot, err := chromedp.Run(b, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	// The README's screenshot is refreshed on request only, so tests never
	// change the work tree: UPDATE_SCREENSHOTS=1 go test -run TestBrowserLeverSetup ./web/
	dir := t.TempDir()
	if os.Getenv("UPDATE_SCREENSHOTS") != "" {
		dir = filepath.Join("..", "docs", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "lever-screen.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}

	do("reload", chromedp.Navigate(app.URL+"/integrations/lever/postings?q=backend"), chromedp.WaitVisible(chromedp.CSS(row)))
	if got := eval("persisted", `document.querySelector('`+row+` select').selectedOptions[0].text`); got != "Backend Engineer (Go)" {
		t.Errorf("after reload the posting's profile is %q", got)
	}
}
