package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestUnknownURLFriendlyPage: an address the app does not have answers 404
// with the app's error page (not Go's "404 page not found"): a title and
// message in words and a link back to the app; logged in, with the nav.
// A path that exists with other methods still answers 405 with Allow.
func TestUnknownURLFriendlyPage(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	check := func(who string, c *http.Client, method, path string, loggedIn bool) {
		t.Helper()
		req, _ := http.NewRequest(method, app.URL+path, nil)
		req.Header.Set("Origin", app.URL)
		resp, body := do(t, noRedirect(c), req)
		if resp.StatusCode != http.StatusNotFound || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s %s %s = %d %s\n%s", who, method, path, resp.StatusCode, resp.Header.Get("Content-Type"), tail(body, 500))
		}
		if strings.Contains(body, "404 page not found") {
			t.Errorf("%s %s %s: Go's plain 404 text", who, method, path)
		}
		doc := parseHTML(t, body)
		page := byTestID(doc, "error-page")
		if page.AttrOr("data-status", "") != "404" || squash(byTestID(doc, "error-title")) != "There is no page here" ||
			!strings.Contains(squash(byTestID(doc, "error-message")), "Start again from the menu") {
			t.Errorf("%s %s %s: error page %q", who, method, path, squash(page))
		}
		if back := byTestID(doc, "error-back"); back.AttrOr("href", "") != "/" || squash(back) != "Back to the app" {
			t.Errorf("%s %s %s: way back = %q -> %q", who, method, path, squash(back), back.AttrOr("href", ""))
		}
		user := squash(byTestID(doc, "nav-user"))
		if loggedIn != (user == app.DemoEmail) {
			t.Errorf("%s %s %s: nav user %q (logged in: %v)", who, method, path, user, loggedIn)
		}
	}
	anon := &http.Client{}
	check("anonymous", anon, "GET", "/no-such-page", false)
	check("anonymous", anon, "GET", "/integrations/lever/nothing/here", false)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	check("owner", owner, "GET", "/no-such-page", true)
	check("owner", owner, "GET", "/interviews/", true)
	check("owner", owner, "POST", "/no-such-action", true)
	// The link back leads somewhere real.
	if doc := getDoc(t, app, owner, "/", 200); byTestID(doc, "error-page").Length() != 0 {
		t.Error("the way back is an error page too")
	}
	// The catch-all does not swallow 405.
	req, _ := http.NewRequest("DELETE", app.URL+"/interviews", nil)
	req.Header.Set("Origin", app.URL)
	if resp, _ := do(t, owner, req); resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("DELETE /interviews = %d Allow=%q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// TestLeverOverviewCardTitles: the Overview section of a live integration
// has one card about activity, and no card title repeats the start of
// another's.
func TestLeverOverviewCardTitles(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	connectAndMap(t, app, owner)
	doc := getDoc(t, app, owner, "/integrations/lever", 200)
	var titles []string
	byTestID(doc, "lever-overview").Find(".card-title").Each(func(_ int, s *goquery.Selection) {
		titles = append(titles, squash(s))
	})
	if len(titles) < 5 {
		t.Fatalf("overview card titles = %q", titles)
	}
	activity := 0
	for i, a := range titles {
		if strings.Contains(strings.ToLower(a), "activity") {
			activity++
		}
		for j, b := range titles {
			if i != j && strings.HasPrefix(b, a) {
				t.Errorf("card titles %q and %q read alike", a, b)
			}
		}
	}
	if activity != 1 {
		t.Errorf("%d cards about activity in %q, want 1", activity, titles)
	}
	if got := squash(byTestID(doc, "ops-card").Find(".card-title")); got != "Credits and follow-up" {
		t.Errorf("credits card title = %q", got)
	}
}
