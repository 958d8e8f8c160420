package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// writeBackOptions reads the chooser's options: user id → label.
func writeBackOptions(doc *goquery.Document) map[string]string {
	out := map[string]string{}
	doc.Find(`select[data-testid="write-back-user"] option`).Each(func(_ int, s *goquery.Selection) {
		if v := s.AttrOr("value", ""); v != "" {
			out[v] = strings.TrimSpace(s.Text())
		}
	})
	return out
}

// userByName returns the id of the option whose label starts with name.
func userByName(t *testing.T, opts map[string]string, name string) string {
	t.Helper()
	for id, label := range opts {
		if strings.HasPrefix(label, name) {
			return id
		}
	}
	t.Fatalf("no option %q among %v", name, opts)
	return ""
}

// TestWriteBackUserChooser is the write-back user card over HTTP
// (docs/CONTRACT.md §8): the super admin's chooser lists Lever's active
// users only; a choice is saved and shown; a user deactivated on the
// sandbox's pipeline page makes the next write wait with "choose a valid
// Lever user for write-back" on the Lever screen (health and card) and in
// the sync log; choosing another user there lets it through.
func TestWriteBackUserChooser(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	setup, _, _ := orderInterview(t, app, owner, "Priya Natarajan")

	card := getDoc(t, app, owner, "/integrations/lever?tab=stages", 200).Find(`[data-testid="write-back-card"]`)
	if !strings.Contains(card.Find(`[data-testid="write-back-current"]`).Text(), "the Lever user who connected") {
		t.Fatalf("default write-back user not shown: %q", card.Text())
	}
	doc := getDoc(t, app, owner, "/integrations/lever/write-back-user", 200)
	opts := writeBackOptions(doc)
	if len(opts) != 4 {
		t.Fatalf("chooser lists %d users, want the 4 active ones: %v", len(opts), opts)
	}
	for _, label := range opts {
		if strings.Contains(label, "Former Employee") {
			t.Fatalf("a deactivated user is offered: %v", opts)
		}
	}
	riley := userByName(t, opts, "Riley Recruiter")
	resp, _ := postForm(t, app, noRedirect(owner), "/integrations/lever/write-back-user", url.Values{"user_id": {riley}})
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/integrations/lever?tab=stages#write-back-card" {
		t.Fatalf("choose = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if cur := getDoc(t, app, owner, "/integrations/lever?tab=stages", 200).Find(`[data-testid="write-back-current"]`).Text(); !strings.Contains(cur, "Riley Recruiter") {
		t.Fatalf("current write-back user = %q", cur)
	}
	// An id Lever does not list as active shows the chooser again.
	resp, body := postForm(t, app, owner, "/integrations/lever/write-back-user", url.Values{"user_id": {"no-such-user"}})
	if resp.StatusCode != 200 || !strings.Contains(parseHTML(t, body).Find(`[data-testid="write-back-user-error"]`).Text(), "active Lever users") {
		t.Fatalf("unknown user = %d\n%s", resp.StatusCode, tail(body, 2000))
	}

	// A Lever super admin deactivates Riley on the sandbox's pipeline page.
	resp, body = postForm(t, app, http.DefaultClient, "/sandbox/lever/pipeline/users/active", url.Values{"account": {sandboxAccount}, "user": {riley}, "active": {"off"}})
	if resp.StatusCode != 200 || !strings.Contains(body, "User deactivated") {
		t.Fatalf("deactivate = %d\n%s", resp.StatusCode, tail(body, 1000))
	}
	c := candidateNamed(t, app, "Kwame Mensah")
	mapPosting(t, app, c.Posting, setup.ProfileID)
	moveCandidate(t, app, c.ID, setup.Stages["to_be_scheduled"])
	waitFor(t, "the refused write-back user on the Lever screen", func() bool {
		_, body := get(t, app, owner, "/integrations/lever?tab=stages")
		return strings.Contains(body, `data-testid="write-back-refused"`)
	})
	overview := getDoc(t, app, owner, "/integrations/lever?tab=overview", 200)
	if health := overview.Find(`[data-testid="connection-health"]`); !strings.Contains(strings.ToLower(health.Text()), "choose a valid lever user for write-back") ||
		health.Find(`a[href="/integrations/lever?tab=stages#write-back-card"]`).Length() == 0 {
		t.Fatalf("connection health does not say to choose a valid Lever user for write-back: %q", health.Text())
	}
	_, log := app.api(t, "GET", "/api/v1/sync-log?opportunity_id="+url.QueryEscape(c.ID), "")
	if !strings.Contains(strings.ToLower(log), "choose a valid lever user for write-back") || !strings.Contains(log, "write_back_refused") {
		t.Fatalf("sync log does not say to choose a valid user:\n%s", tail(log, 3000))
	}

	// Choosing an active user lets the waiting tag through.
	opts = writeBackOptions(getDoc(t, app, owner, "/integrations/lever/write-back-user", 200))
	if _, ok := opts[riley]; ok {
		t.Fatalf("the deactivated user is still offered: %v", opts)
	}
	harper := userByName(t, opts, "Harper Manager")
	if resp, _ := postForm(t, app, noRedirect(owner), "/integrations/lever/write-back-user", url.Values{"user_id": {harper}}); resp.StatusCode != 303 {
		t.Fatalf("choose Harper = %d", resp.StatusCode)
	}
	waitFor(t, "the held tag written", func() bool {
		doc := getDoc(t, app, http.DefaultClient, "/sandbox/lever/pipeline?account="+sandboxAccount, 200)
		return strings.Contains(doc.Find(`[data-testid="tags-`+c.ID+`"]`).Text(), "intervue.io")
	})
	if body := getDoc(t, app, owner, "/integrations/lever?tab=stages", 200).Find(`[data-testid="write-back-card"]`).Text(); strings.Contains(body, "no longer accepts") || !strings.Contains(body, "Harper Manager") {
		t.Fatalf("card after the choice = %q", body)
	}
}
