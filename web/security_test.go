package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// wantHeaders checks the docs/CONTRACT.md §5 headers of one response: nosniff
// and no-referrer always; CSP with frame-ancestors 'none' on HTML; no-store
// behind login.
func wantHeaders(t *testing.T, what string, resp *http.Response, html, private bool) {
	t.Helper()
	h := resp.Header
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("%s: nosniff=%q referrer=%q", what, h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
	}
	csp := h.Get("Content-Security-Policy")
	switch {
	case html && !strings.HasPrefix(h.Get("Content-Type"), "text/html"):
		t.Errorf("%s: Content-Type %q, want text/html", what, h.Get("Content-Type"))
	case html && (!strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-eval")):
		t.Errorf("%s: Content-Security-Policy %q", what, csp)
	case html && h.Get("X-Frame-Options") != "DENY":
		t.Errorf("%s: X-Frame-Options %q", what, h.Get("X-Frame-Options"))
	case !html && csp != "":
		t.Errorf("%s (%s): CSP on a non-HTML response", what, h.Get("Content-Type"))
	}
	if private && h.Get("Cache-Control") != "no-store" {
		t.Errorf("%s: Cache-Control %q, want no-store", what, h.Get("Cache-Control"))
	}
}

// TestSecurityHeadersOnEveryPageType requests one of every kind of response
// (public and logged-in pages, htmx fragments, error pages, the sandbox's
// pages, redirects, the JSON API, the PDF report link, static files) and
// checks its headers.
func TestSecurityHeadersOnEveryPageType(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	_, cand, iv := orderInterview(t, app, owner, "Priya Natarajan")
	apiJSON(t, app, "POST", "/api/v1/interviews/"+iv.ID+"/schedule", fmt.Sprintf(`{"scheduled_at":%q,"timezone":"Europe/Berlin","duration_minutes":45,"interviewer":"Ivan","meeting_url":"https://meet.example/x"}`,
		time.Now().Add(24*time.Hour).UTC().Format(time.RFC3339)), 200, nil)
	var done apiInterview
	apiJSON(t, app, "POST", "/api/v1/interviews/"+iv.ID+"/complete", `{"verdict":"yes","playback_url":"https://play.example/1","summary":"Good.","ratings":[{"skill":"Go","score":4,"comment":"ok"}]}`, 200, &done)
	if done.ReportURL == "" {
		t.Fatal("no report link")
	}
	nr := noRedirect(owner)
	pages := []struct {
		what, path    string
		client        *http.Client
		htmx          bool
		status        int
		html, private bool
	}{
		{"login page", "/login", http.DefaultClient, false, 200, true, false},
		{"anonymous redirect to login", "/integrations/lever", noRedirect(http.DefaultClient), false, 303, true, false},
		{"Lever screen", "/integrations/lever", owner, false, 200, true, true},
		{"postings page", "/integrations/lever/postings", owner, false, 200, true, true},
		{"postings fragment (htmx)", "/integrations/lever/postings?q=eng", owner, true, 200, true, true},
		{"backfill preview", "/integrations/lever/backfill", owner, false, 200, true, true},
		{"profiles", "/profiles", owner, false, 200, true, true},
		{"interviews", "/interviews", owner, false, 200, true, true},
		{"interview page", "/interviews/" + iv.ID, owner, false, 200, true, true},
		{"interviews CSV", "/interviews.csv", owner, false, 200, false, true},
		{"sync log", "/sync-log", owner, false, 200, true, true},
		{"timeline", "/sync-log/candidates/" + url.PathEscape(cand.ID), owner, false, 200, true, true},
		{"needs attention", "/attention", owner, false, 200, true, true},
		{"error page (404)", "/interviews/no-such-interview", owner, false, 404, true, true},
		{"home redirect", "/", nr, false, 303, true, true},
		{"sandbox pipeline", "/sandbox/lever/pipeline", http.DefaultClient, false, 200, true, false},
		{"sandbox error page", "/sandbox/lever/authorize", http.DefaultClient, false, 400, true, false},
		{"report PDF link", strings.TrimPrefix(done.ReportURL, app.URL), http.DefaultClient, false, 200, false, false},
		{"static file", "/static/app.css", http.DefaultClient, false, 200, false, false},
		{"healthz", "/healthz", http.DefaultClient, false, 200, false, false},
	}
	for _, p := range pages {
		req, _ := http.NewRequest("GET", app.URL+p.path, nil)
		if p.htmx {
			req.Header.Set("HX-Request", "true")
		}
		resp, _ := do(t, p.client, req)
		if resp.StatusCode != p.status {
			t.Errorf("%s: GET %s = %d, want %d", p.what, p.path, resp.StatusCode, p.status)
			continue
		}
		wantHeaders(t, p.what, resp, p.html, p.private)
	}
	// A form POST answered with a page, and the JSON API.
	resp, _ := postForm(t, app, http.DefaultClient, "/login", url.Values{"email": {"nobody@x.test"}, "password": {"wrong"}})
	wantHeaders(t, "failed login form", resp, true, false)
	req, _ := http.NewRequest("GET", app.URL+"/api/v1/lever", nil)
	req.Header.Set("Authorization", "Bearer "+app.APIKey)
	resp, _ = do(t, http.DefaultClient, req)
	wantHeaders(t, "JSON API", resp, false, false)
	if resp.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS on an http PUBLIC_URL")
	}
}

// TestHSTSAndHostCookieOnHTTPS: with an https PUBLIC_URL every response
// has Strict-Transport-Security.
func TestHSTSOnHTTPS(t *testing.T) {
	t.Parallel()
	app := startApp(t, map[string]string{"PUBLIC_URL": "https://app.example.test", "SANDBOX": "1"})
	for _, path := range []string{"/login", "/healthz", "/static/app.css"} {
		resp, _ := get(t, app, http.DefaultClient, path)
		if got := resp.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
			t.Errorf("GET %s: Strict-Transport-Security %q", path, got)
		}
	}
}

// TestMetricsToken: /metrics answers 404 without METRICS_TOKEN, 401 without
// or with a wrong bearer token, and the metrics with the right one.
func TestMetricsToken(t *testing.T) {
	t.Parallel()
	off := startApp(t, nil)
	if resp, _ := get(t, off, http.DefaultClient, "/metrics"); resp.StatusCode != 404 {
		t.Errorf("unset METRICS_TOKEN: /metrics = %d, want 404", resp.StatusCode)
	}
	on := startApp(t, map[string]string{"METRICS_TOKEN": "m3trics-t0ken-0000"})
	for _, auth := range []string{"", "Bearer wrong", "m3trics-t0ken-0000", "Basic m3trics-t0ken-0000"} {
		req, _ := http.NewRequest("GET", on.URL+"/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, body := do(t, http.DefaultClient, req)
		if resp.StatusCode != 401 || strings.Contains(body, "go_goroutines") || resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("Authorization %q: /metrics = %d", auth, resp.StatusCode)
		}
	}
	req, _ := http.NewRequest("GET", on.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer m3trics-t0ken-0000")
	resp, body := do(t, http.DefaultClient, req)
	if resp.StatusCode != 200 || !strings.Contains(body, "go_goroutines") {
		t.Fatalf("with the token: /metrics = %d", resp.StatusCode)
	}
	// The Go profiles sit behind the same token, and are absent without one.
	if resp, _ := get(t, off, http.DefaultClient, "/debug/pprof/heap"); resp.StatusCode != 404 {
		t.Errorf("unset METRICS_TOKEN: /debug/pprof/heap = %d, want 404", resp.StatusCode)
	}
	for path, want := range map[string]int{"/debug/pprof/heap?debug=1": 401, "/debug/pprof/profile?seconds=1": 401} {
		if resp, _ := get(t, on, http.DefaultClient, path); resp.StatusCode != want {
			t.Errorf("no token: %s = %d, want %d", path, resp.StatusCode, want)
		}
	}
	req, _ = http.NewRequest("GET", on.URL+"/debug/pprof/heap?debug=1", nil)
	req.Header.Set("Authorization", "Bearer m3trics-t0ken-0000")
	if resp, body := do(t, http.DefaultClient, req); resp.StatusCode != 200 || !strings.Contains(body, "heap profile") {
		t.Errorf("with the token: /debug/pprof/heap = %d %.80s", resp.StatusCode, body)
	}
	req, _ = http.NewRequest("GET", on.URL+"/debug/pprof/profile?seconds=1", nil)
	req.Header.Set("Authorization", "Bearer m3trics-t0ken-0000")
	if resp, body := do(t, http.DefaultClient, req); resp.StatusCode != 200 || len(body) < 50 {
		t.Errorf("with the token: CPU profile = %d, %d bytes", resp.StatusCode, len(body))
	}
}

// TestAccessLogsHoldNoCapability: report/playback link secrets and webhook
// keys never reach the logs, whatever the request's outcome.
func TestAccessLogsHoldNoCapability(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	connectAndMap(t, app, owner)
	var lev struct {
		WebhookURL string `json:"webhook_url"`
	}
	apiJSON(t, app, "GET", "/api/v1/lever", "", 200, &lev)
	key := lev.WebhookURL[strings.LastIndex(lev.WebhookURL, "/")+1:]
	if len(key) < 16 {
		t.Fatalf("webhook URL %q", lev.WebhookURL)
	}
	secrets := []string{key, "s3cretReportLinkToken0123456789", "s3cretPlaybackLinkToken0123456789"}
	for _, r := range []struct{ method, path string }{
		{"POST", "/webhooks/lever/" + key},
		{"POST", "/webhooks/lever/" + secrets[1]},
		{"GET", "/links/report/" + secrets[1]},
		{"GET", "/links/playback/" + secrets[2]},
	} {
		req, _ := http.NewRequest(r.method, app.URL+r.path, strings.NewReader("{}"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	waitFor(t, "the access log lines", func() bool {
		return strings.Count(app.Stderr.String(), `"path":"/links/`) >= 2 && strings.Count(app.Stderr.String(), `"path":"/webhooks/lever/[redacted]"`) >= 2
	})
	logs := app.Stderr.String() + app.Stdout.String()
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("a log holds the capability %q:\n%s", s, grepLines(logs, s))
		}
	}
}

// TestAPIWrongMethod405: a JSON API or webhook path used with a method it
// does not take answers 405 with Allow and the JSON error envelope (with or
// without a key), an unknown one 404.
func TestAPIWrongMethod405(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	for _, tt := range []struct {
		method, path, allow string
		key                 bool
	}{
		{"DELETE", "/api/v1/lever", "GET, HEAD", true},
		{"POST", "/api/v1/credits", "GET, HEAD", false},
		{"GET", "/api/v1/lever/enabled", "PUT", true},
		{"PUT", "/api/v1/profiles", "GET, HEAD, POST", true},
	} {
		req, _ := http.NewRequest(tt.method, app.URL+tt.path, strings.NewReader("{}"))
		if tt.key {
			req.Header.Set("Authorization", "Bearer "+app.APIKey)
		}
		resp, body := do(t, http.DefaultClient, req)
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != tt.allow || !strings.Contains(body, `"code":"method_not_allowed"`) {
			t.Errorf("%s %s = %d Allow=%q %s", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Allow"), body)
		}
	}
	// Webhook paths answer in the same envelope; the key is not echoed.
	for _, tt := range []struct {
		method, path string
		status       int
		code         string
	}{{"GET", "/webhooks/lever/abc-secret-key", 405, "method_not_allowed"}, {"POST", "/webhooks/lever", 404, "not_found"}, {"GET", "/webhooks/", 404, "not_found"}} {
		req, _ := http.NewRequest(tt.method, app.URL+tt.path, nil)
		resp, body := do(t, http.DefaultClient, req)
		if resp.StatusCode != tt.status || !strings.Contains(body, `"code":"`+tt.code+`"`) || strings.Contains(body, "abc-secret-key") ||
			(tt.status == 405 && resp.Header.Get("Allow") != "POST") {
			t.Errorf("%s %s = %d Allow=%q %s", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Allow"), body)
		}
	}
	// The pages: 405 with Allow.
	for _, tt := range []struct{ method, path string }{{"PUT", "/login"}, {"DELETE", "/integrations/lever"}} {
		req, _ := http.NewRequest(tt.method, app.URL+tt.path, nil)
		req.Header.Set("Origin", app.URL)
		resp, _ := do(t, http.DefaultClient, req)
		if resp.StatusCode != 405 || resp.Header.Get("Allow") == "" {
			t.Errorf("%s %s = %d Allow=%q", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	if status, body := app.api(t, "GET", "/api/v1/nothing-here", ""); status != 404 {
		t.Errorf("unknown API path = %d %s", status, body)
	}
}

// TestLeverWarnsHTTPPublicURL: a real Lever app with an http:// PUBLIC_URL
// on a non-loopback host logs a warning at start and the Lever screen says
// Lever will not deliver webhooks.
func TestLeverWarnsHTTPPublicURL(t *testing.T) {
	t.Parallel()
	// A database migrated by a first start, stopped (a SQLite file serves
	// one process at a time).
	first := startAppWith(t, realLeverEnv, false)
	dbURL := first.DBURL
	first.Stop(t)
	env := map[string]string{"PUBLIC_URL": "http://app.example.test", "DATABASE_URL": dbURL}
	for k, v := range realLeverEnv {
		env[k] = v
	}
	var out syncBuffer
	if err := run(t.Context(), []string{"bootstrap", "-org", "Warn Co", "-email", "owner@warn.test", "-password", "correct horse battery"},
		func(k string) string { return map[string]string{"DATABASE_URL": dbURL, "SECRET_KEY": testSecretKey}[k] }, &out, &syncBuffer{}); err != nil {
		t.Fatal(err)
	}
	app := startAppWith(t, env, false)
	if !strings.Contains(app.Stderr.String(), "WARNING: PUBLIC_URL http://app.example.test is not https") {
		t.Errorf("no start-up warning:\n%s", tail(app.Stderr.String(), 2000))
	}
	doc := getDoc(t, app, login(t, app, "owner@warn.test", "correct horse battery"), "/integrations/lever", 200)
	if s := doc.Find(`[data-testid="webhook-unreachable"]`).Text(); !strings.Contains(s, "Lever will not deliver webhooks") {
		t.Errorf("Lever screen warning = %q", s)
	}
	local := startAppWith(t, map[string]string{"LEVER_CLIENT_ID": "c", "LEVER_CLIENT_SECRET": "s"}, false)
	if strings.Contains(local.Stderr.String(), "is not https") {
		t.Error("warning for a loopback PUBLIC_URL")
	}
}
