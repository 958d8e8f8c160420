package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/models"
)

// TestAttentionQueue checks Needs attention as a work queue: filter by
// cause, resolve and dismiss with a note (who and when on the timeline,
// members refused), the count of open items only, writes paused by Disable
// that clear themselves when the integration is turned on, and the
// notification setting refusing a URL that is not https.
func TestAttentionQueue(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	setup := connectAndMap(t, app, client)
	store := openStore(t, app)
	ctx := context.Background()
	orgID := demoOrgID(t, store)
	if _, err := store.CreateUser(ctx, orgID, "member@queue.test", "password-123", models.RoleMember, ""); err != nil {
		t.Fatal(err)
	}
	member := noRedirect(login(t, app, "member@queue.test", "password-123"))

	grace := candidateNamed(t, app, "Grace Hopper") // posting not mapped
	moveCandidate(t, app, grace.ID, setup.Stages["to_be_scheduled"])
	graceIV := waitInterview(t, app, grace.ID, "unable_to_schedule")
	fatima := candidateNamed(t, app, "Fatima Zahra") // a Lever write that failed for good
	mapPosting(t, app, fatima.Posting, setup.ProfileID)
	moveCandidate(t, app, fatima.ID, setup.Stages["to_be_scheduled"])
	fatimaIV := waitInterview(t, app, fatima.ID, "to_be_scheduled")
	wr := writeWhenDone(t, store, fatimaIV.ID, models.WriteAddTag)
	failWrite(t, store, wr.ID)

	count := func(c *http.Client) string {
		return getDoc(t, app, c, "/interviews", 200).Find(`[data-testid="nav-attention"]`).AttrOr("data-count", "")
	}
	if n := count(client); n != "2" {
		t.Fatalf("open count = %s, want 2", n)
	}
	t.Run("FilterByCause", func(t *testing.T) {
		doc := getDoc(t, app, client, "/attention?cause=posting_not_mapped", 200)
		if doc.Find(`[data-testid="attention-row"]`).Length() != 1 || doc.Find(`[data-opportunity="`+grace.ID+`"]`).Length() != 1 {
			t.Errorf("posting_not_mapped: %s", squash(doc.Find(`#attention-live`)))
		}
		if got := squash(doc.Find(`[data-testid="cause-write"]`)); got != "Lever write failed 1" {
			t.Errorf("write chip = %q", got)
		}
		doc = getDoc(t, app, client, "/attention?cause=write", 200)
		if doc.Find(`[data-testid="attention-row"]`).Length() != 1 || doc.Find(`[data-opportunity="`+fatima.ID+`"]`).Length() != 1 {
			t.Errorf("write: %s", squash(doc.Find(`#attention-live`)))
		}
	})
	resolve := func(c *http.Client, kind, id, action, note string) *http.Response {
		resp, _ := postForm(t, app, c, "/attention/resolve", url.Values{"kind": {kind}, "item_id": {id}, "action": {action}, "note": {note}, "next": {"/attention"}})
		return resp
	}
	t.Run("MemberRefused", func(t *testing.T) {
		if getDoc(t, app, member, "/attention", 200).Find(`[data-testid^="resolve-"]`).Length() != 0 {
			t.Error("a member sees Resolve")
		}
		if resp := resolve(member, "pickup", graceIV.ID, models.AttentionDismissed, "sneaky"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("member resolve = %d", resp.StatusCode)
		}
		if n := count(client); n != "2" {
			t.Errorf("after the member's try: count %s", n)
		}
	})
	t.Run("Dismiss", func(t *testing.T) {
		doc := getDoc(t, app, client, "/attention", 200)
		form := doc.Find(`[data-testid="resolve-` + graceIV.ID + `"] form`)
		if form.AttrOr("action", "") != "/attention/resolve" || form.Find(`input[name="kind"]`).AttrOr("value", "") != "pickup" {
			t.Fatalf("no resolve form for Grace: %s", squash(doc.Find(`[data-opportunity="`+grace.ID+`"]`)))
		}
		resp := resolve(noRedirect(client), "pickup", graceIV.ID, models.AttentionDismissed, "Internal transfer, no interview needed")
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/attention" {
			t.Fatalf("dismiss = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if n := count(client); n != "1" {
			t.Errorf("after dismissing: count %s, want 1", n)
		}
		if getDoc(t, app, client, "/attention", 200).Find(`[data-opportunity="`+grace.ID+`"]`).Length() != 0 {
			t.Error("the dismissed item is still listed")
		}
		tl := getDoc(t, app, client, "/sync-log/candidates/"+grace.ID, 200)
		line := squash(tl.Find(`[data-testid="resolution"]`))
		if !strings.Contains(line, "Dismissed on Needs attention by "+app.DemoEmail) || !strings.Contains(line, "Internal transfer, no interview needed") || !strings.Contains(line, "UTC") {
			t.Errorf("timeline line = %q", line)
		}
		if resp := resolve(noRedirect(client), "pickup", graceIV.ID, models.AttentionResolved, "again"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("closing a closed item = %d", resp.StatusCode)
		}
		if n := tl.Find(`[data-testid="resolution"]`).Length(); n != 1 {
			t.Errorf("%d resolution lines", n)
		}
	})
	t.Run("ResolvedReappearsWhenItHappensAgain", func(t *testing.T) {
		if resp := resolve(noRedirect(client), "write", wr.ID, models.AttentionResolved, "Tag added by hand in Lever"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("resolve = %d", resp.StatusCode)
		}
		if n := count(client); n != "0" {
			t.Fatalf("after resolving: count %s", n)
		}
		failWrite(t, store, wr.ID) // it fails again (a newer failure)
		if n := count(client); n != "1" {
			t.Errorf("after a new failure: count %s, want 1", n)
		}
		if err := store.Gorm().Model(&models.LeverWrite{}).Where("id = ?", wr.ID).Update("status", models.WriteDone).Error; err != nil {
			t.Fatal(err)
		}
	})
	t.Run("PausedWritesClearThemselves", func(t *testing.T) {
		apiJSON(t, app, "PUT", "/api/v1/lever/enabled", `{"enabled":false}`, 200, nil)
		apiJSON(t, app, "POST", "/api/v1/interviews/"+fatimaIV.ID+"/schedule",
			`{"scheduled_at":"2030-01-02T15:00:00Z","timezone":"Europe/Paris","duration_minutes":45,"interviewer":"Ada"}`, 200, nil)
		var doc = getDoc(t, app, client, "/attention?cause=paused", 200)
		waitFor(t, "the paused item", func() bool {
			doc = getDoc(t, app, client, "/attention?cause=paused", 200)
			return doc.Find(`[data-testid="problem-`+fatimaIV.ID+`"][data-kind="paused"]`).Length() == 1
		})
		if got := squash(doc.Find(`[data-testid="problem-` + fatimaIV.ID + `"] [data-testid="problem-reason"]`)); !strings.Contains(got, "Lever writes wait: the integration is turned off") {
			t.Errorf("paused reason = %q", got)
		}
		// Waited for, not read once: once in about ten runs the count read 2
		// for a moment right after the schedule (cause not found yet).
		waitFor(t, "the count of one paused item", func() bool { return count(client) == "1" })
		apiJSON(t, app, "PUT", "/api/v1/lever/enabled", `{"enabled":true}`, 200, nil)
		waitFor(t, "the paused item to clear", func() bool { return count(client) == "0" })
	})
	t.Run("NotifySetting", func(t *testing.T) {
		resp, body := postForm(t, app, client, "/attention/notify", url.Values{"webhook_url": {"http://hooks.example.test/x"}, "next": {"/attention"}})
		if resp.StatusCode != 200 || !strings.Contains(body, "must start with https://") {
			t.Errorf("http URL: %d %s", resp.StatusCode, squash(parseHTML(t, body).Find(`[data-testid="flash"]`)))
		}
		postForm(t, app, client, "/attention/notify", url.Values{"webhook_url": {"https://hooks.example.test/services/x"}, "next": {"/attention"}})
		doc := getDoc(t, app, client, "/attention", 200)
		if v := doc.Find(`#notify-url`).AttrOr("value", ""); v != "https://hooks.example.test/services/x" {
			t.Errorf("saved URL = %q", v)
		}
		if resp, _ := postForm(t, app, member, "/attention/notify", url.Values{"webhook_url": {""}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("member notify = %d", resp.StatusCode)
		}
	})
}
