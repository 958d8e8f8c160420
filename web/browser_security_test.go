package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserContentSecurityPolicy: in a real browser the app works under
// its CSP (htmx and the app's script load, no violation while using the
// pages), an injected inline script does not run, and another site cannot
// frame the app (frame-ancestors 'none': clickjacking).
func TestBrowserContentSecurityPolicy(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Second)
	defer cancel()
	app := startApp(t, nil)
	b := newTab(t, ctx, app)
	b.login()
	for _, path := range []string{"/integrations/lever?setup=1", "/integrations/lever/postings", "/interviews", "/sync-log", "/attention", "/profiles", "/sandbox/lever/pipeline"} {
		b.do("open "+path, chromedp.Navigate(app.URL+path), chromedp.WaitReady(chromedp.CSS("body")))
		if !strings.HasPrefix(path, "/sandbox") {
			b.waitJS("htmx and app.js on "+path, `typeof htmx === "object" && !!document.querySelector("script[src^='/static/app.js']")`, 5*time.Second)
		}
	}
	// The setup modal opens through app.js (no inline script any more).
	b.do("Lever screen", chromedp.Navigate(app.URL+"/integrations/lever"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="begin-setup"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="begin-setup"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="setup-modal"]`)))
	if got := b.eval("modal", `String(document.querySelector("#setup-modal").matches(":modal"))`); got != "true" {
		t.Errorf("setup modal is not a modal (app.js did not run): %q", got)
	}
	time.Sleep(500 * time.Millisecond) // reports are sent asynchronously
	if strings.Contains(app.Stderr.String(), `"msg":"csp violation"`) {
		t.Fatalf("CSP violations while using the app:\n%s", grepLines(app.Stderr.String(), "csp violation"))
	}

	app.AllowCSPViolations = true
	got := b.eval("inline script", `(() => { const s = document.createElement("script"); s.textContent = "window.injected = 'ran'";
		document.body.appendChild(s); return String(window.injected); })()`)
	if got != "undefined" {
		t.Errorf("an injected inline script ran: %q", got)
	}

	framer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><title>framer</title><iframe id="f" src="` + app.URL + `/integrations/lever"></iframe>`))
	}))
	t.Cleanup(framer.Close)
	// The framing page is another origin (localhost vs 127.0.0.1).
	b.do("open the framing site", chromedp.Navigate(strings.Replace(framer.URL, "127.0.0.1", "localhost", 1)), chromedp.WaitReady(chromedp.CSS("#f")))
	waitFor(t, "the frame-ancestors violation report", func() bool {
		return strings.Contains(app.Stderr.String(), `"directive":"frame-ancestors"`)
	})
	if !strings.Contains(app.Stderr.String(), `"directive":"script-src-elem"`) {
		t.Errorf("no report of the blocked inline script:\n%s", grepLines(app.Stderr.String(), "csp violation"))
	}
}
