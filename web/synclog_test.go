package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/intervue/lever-integration/models"
)

func TestSyncLog(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	_, cand, iv := orderInterview(t, app, client, "Priya Natarajan")

	tests := []struct {
		name, q string
		found   bool
	}{
		{"Email", cand.Email, true},
		{"NamePart", "natara", true},
		{"OpportunityID", cand.ID, true},
		{"LeverURL", "https://hire.lever.co/candidates/" + cand.ID, true},
		{"SandboxURL", app.URL + "/sandbox/lever/candidates/" + cand.ID + "?tab=notes", true},
		{"NoMatch", "nobody@example.net", false},
	}
	for _, tt := range tests {
		t.Run("Search"+tt.name, func(t *testing.T) {
			doc := getDoc(t, app, client, "/sync-log?q="+url.QueryEscape(tt.q), 200)
			rows := doc.Find(`tr[data-testid="candidate-row"][data-opportunity="` + cand.ID + `"]`)
			if got := rows.Length() == 1; got != tt.found {
				t.Fatalf("found = %v, want %v", got, tt.found)
			}
			if tt.found && doc.Find(`tr[data-testid="candidate-row"]`).Length() != 1 {
				t.Error("other candidates listed")
			}
			if tt.found && !strings.HasPrefix(rows.Find(`a[data-testid="timeline-link"]`).AttrOr("href", ""), "/sync-log/candidates/"+cand.ID) {
				t.Error("row does not link to the timeline")
			}
		})
	}

	t.Run("CandidateRow", func(t *testing.T) {
		waitFor(t, "the tag write in the sync log", func() bool {
			return getDoc(t, app, client, "/sync-log?kind=write&q="+cand.ID, 200).Find(`tr[data-testid="candidate-row"]`).Length() == 1
		})
		row := getDoc(t, app, client, "/sync-log?q="+cand.ID, 200).Find(`tr[data-testid="candidate-row"]`)
		if row.Find(`a[data-testid="timeline-link"]`).Text() != cand.Name || !strings.Contains(row.Text(), cand.Email) {
			t.Errorf("row = %q", squash(row))
		}
		if n := row.Find(`[data-testid="candidate-events"]`).Text(); n == "" || n == "0" {
			t.Errorf("events = %q", n)
		}
	})

	t.Run("Filters", func(t *testing.T) {
		today := time.Now().UTC().Format(time.DateOnly)
		yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
		tests := []struct {
			name, query string
			found       bool
		}{
			{"Kind", "kind=decision", true},
			{"KindNone", "kind=token", false},
			{"FailedOnlyNone", "status=failed", false},
			{"Today", "from=" + today + "&to=" + today, true},
			{"Yesterday", "to=" + yesterday, false},
			{"KindToday", "kind=write&from=" + today, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				doc := getDoc(t, app, client, "/sync-log?q="+cand.ID+"&"+tt.query, 200)
				if got := doc.Find(`tr[data-opportunity="`+cand.ID+`"]`).Length() == 1; got != tt.found {
					t.Errorf("found = %v, want %v", got, tt.found)
				}
			})
		}
		doc := getDoc(t, app, client, "/sync-log?q="+cand.ID+"&from=someday", 200)
		if !strings.Contains(doc.Find(`[data-testid="synclog-filter-error"]`).Text(), "someday") || doc.Find(`tr[data-opportunity="`+cand.ID+`"]`).Length() != 1 {
			t.Error("a bad date is not reported and ignored")
		}
		store := openStore(t, app)
		demo, err := store.Authenticate(context.Background(), app.DemoEmail, app.DemoPassword)
		if err != nil {
			t.Fatal(err)
		}
		if err := store.Log(context.Background(), models.SyncEvent{OrgID: demo.OrgID, OpportunityID: cand.ID, Kind: "write", Status: models.LogFailed, Message: "forced by the test"}); err != nil {
			t.Fatal(err)
		}
		row := getDoc(t, app, client, "/sync-log?status=failed&q="+cand.ID, 200).Find(`tr[data-opportunity="` + cand.ID + `"]`)
		if row.Length() != 1 || strings.TrimSpace(row.Find(`[data-testid="candidate-failures"]`).Text()) != "1" || row.AttrOr("data-status", "") != models.LogFailed {
			t.Errorf("failed-only row = %q", squash(row))
		}
	})

	t.Run("Timeline", func(t *testing.T) {
		path := "/sync-log/candidates/" + cand.ID
		var doc *goquery.Document
		kinds := map[string]bool{}
		waitFor(t, "the tag write in the timeline", func() bool {
			doc = getDoc(t, app, client, path, 200)
			doc.Find(`li[data-testid^="event-"]`).Each(func(_ int, s *goquery.Selection) { kinds[s.AttrOr("data-kind", "")] = true })
			return kinds["write"]
		})
		for _, k := range []string{"webhook", "decision", "lever_call", "write"} {
			if !kinds[k] {
				t.Errorf("timeline has no %s event (has %v)", k, kinds)
			}
		}
		if !strings.Contains(doc.Find(`[data-testid="event-call"]`).First().Text(), "HTTP 200") {
			t.Errorf("lever call line = %q", doc.Find(`[data-testid="event-call"]`).First().Text())
		}
		feed := doc.Find(`#timeline`)
		if feed.AttrOr("hx-trigger", "") != "every 2s" || !strings.HasPrefix(feed.AttrOr("hx-get", ""), path) {
			t.Errorf("feed is not live: hx-get=%q hx-trigger=%q", feed.AttrOr("hx-get", ""), feed.AttrOr("hx-trigger", ""))
		}
		if doc.Find(`a[data-testid="timeline-interview"][href="/interviews/`+iv.ID+`"]`).Length() != 1 {
			t.Error("no link to the interview")
		}
		req, _ := http.NewRequest("GET", app.URL+feed.AttrOr("hx-get", ""), nil)
		req.Header.Set("HX-Request", "true")
		_, body := do(t, client, req)
		if !strings.HasPrefix(body, `<div id="timeline"`) || strings.Contains(body, "<html") {
			t.Errorf("htmx poll did not get the feed only: %s", tail(body, 300))
		}
	})
}

func TestRetry(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	_, cand, iv := orderInterview(t, app, client, "Fatima Zahra")
	store := openStore(t, app)
	ctx := context.Background()
	timeline := "/sync-log/candidates/" + cand.ID

	// A write that failed for good shows with Retry; htmx Retry re-renders the feed.
	wr := writeWhenDone(t, store, iv.ID, models.WriteAddTag)
	failWrite(t, store, wr.ID)
	doc := getDoc(t, app, client, timeline, 200)
	form := doc.Find(`form[data-testid="retry-form-` + wr.ID + `"]`)
	if form.AttrOr("action", "") != "/sync-log/writes/"+wr.ID+"/retry" || form.AttrOr("hx-target", "") != "#timeline" {
		t.Fatalf("no retry form for the failed write:\n%s", tail(doc.Text(), 2000))
	}
	req, _ := http.NewRequest("POST", app.URL+form.AttrOr("hx-post", ""), strings.NewReader(url.Values{"next": {timeline}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", app.URL)
	req.Header.Set("HX-Request", "true")
	resp, body := do(t, client, req)
	if resp.StatusCode != 200 || !strings.HasPrefix(body, `<div id="timeline"`) || !strings.Contains(body, "Retry started") {
		t.Fatalf("htmx retry = %d\n%s", resp.StatusCode, tail(body, 2000))
	}
	writeWhenDone(t, store, iv.ID, models.WriteAddTag)

	// From the interview page, a plain form post: 303 back with a flash.
	failWrite(t, store, wr.ID)
	page := "/interviews/" + iv.ID
	doc = getDoc(t, app, client, page, 200)
	if doc.Find(`form[data-testid="retry-write-form-`+wr.ID+`"]`).Length() != 1 {
		t.Fatal("no Retry on the interview page")
	}
	resp, body = postForm(t, app, noRedirect(client), "/sync-log/writes/"+wr.ID+"/retry", url.Values{"next": {page}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page {
		t.Fatalf("retry = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if !strings.Contains(getDoc(t, app, client, page, 200).Find(`[data-testid="flash"]`).Text(), "Retry started") {
		t.Error("no flash after retry")
	}
	writeWhenDone(t, store, iv.ID, models.WriteAddTag)

	// Retrying a step that is no longer failed is a notice, not an error.
	resp, _ = postForm(t, app, noRedirect(client), "/sync-log/writes/"+wr.ID+"/retry", url.Values{"next": {"//evil.example"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), timeline) {
		t.Errorf("second retry = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	// A failed delivery shows with Retry and is processed again.
	var d models.WebhookDelivery
	if err := store.Gorm().WithContext(ctx).Where("opportunity_id = ?", cand.ID).First(&d).Error; err != nil {
		t.Fatal(err)
	}
	if err := store.FinishDelivery(ctx, d.ID, models.DeliveryFailed, "", "forced by the test"); err != nil {
		t.Fatal(err)
	}
	doc = getDoc(t, app, client, timeline, 200)
	if doc.Find(`form[data-testid="retry-form-`+d.ID+`"]`).Length() != 1 {
		t.Fatal("no retry form for the failed delivery")
	}
	resp, _ = postForm(t, app, noRedirect(client), "/sync-log/deliveries/"+d.ID+"/retry", url.Values{"next": {timeline}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delivery retry = %d", resp.StatusCode)
	}
	waitFor(t, "delivery processed again", func() bool {
		got, err := store.Delivery(ctx, d.ID)
		return err == nil && got.Status != models.DeliveryFailed && got.Status != models.DeliveryReceived
	})
}

func TestOpsAccess(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	_, cand, iv := orderInterview(t, app, client, "Sam Lee")
	store := openStore(t, app)
	ctx := context.Background()
	demo, err := store.Authenticate(ctx, app.DemoEmail, app.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	wr := writeWhenDone(t, store, iv.ID, models.WriteAddTag)
	failWrite(t, store, wr.ID)
	if _, err := store.CreateUser(ctx, demo.OrgID, "member@demo.test", "member-password", models.RoleMember, ""); err != nil {
		t.Fatal(err)
	}
	other, err := store.CreateOrganization(ctx, models.NewOrgInput{Name: "Other Co", Email: "owner@other.test", Password: "other-password", Credits: 5})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("MemberReadsButCannotAct", func(t *testing.T) {
		member := noRedirect(login(t, app, "member@demo.test", "member-password"))
		doc := getDoc(t, app, member, "/interviews/"+iv.ID, 200)
		requireForms(t, doc)
		if doc.Find(`[data-testid="retry-write"]`).Length() != 0 {
			t.Error("member sees Retry")
		}
		for _, path := range []string{"/sync-log/writes/" + wr.ID + "/retry", "/interviews/" + iv.ID + "/schedule"} {
			if resp, _ := postForm(t, app, member, path, url.Values{}); resp.StatusCode != http.StatusForbidden {
				t.Errorf("member POST %s = %d, want 403", path, resp.StatusCode)
			}
		}
		if getDoc(t, app, member, "/interviews?org=all", 200).Find(`[data-testid="interview-org"]`).Length() != 0 {
			t.Error("member sees all organizations")
		}
	})

	t.Run("OtherOrgGets404", func(t *testing.T) {
		owner := noRedirect(login(t, app, other.Owner.Email, "other-password"))
		getDoc(t, app, owner, "/interviews/"+iv.ID, 404)
		for _, path := range []string{"/interviews/" + iv.ID + "/schedule", "/sync-log/writes/" + wr.ID + "/retry"} {
			if resp, _ := postForm(t, app, owner, path, url.Values{}); resp.StatusCode != http.StatusNotFound {
				t.Errorf("other org POST %s = %d, want 404", path, resp.StatusCode)
			}
		}
		if n := getDoc(t, app, owner, "/interviews?org=all", 200).Find(`tr[data-testid^="interview-row-"]`).Length(); n != 0 {
			t.Errorf("other org dashboard lists %d interviews", n)
		}
		if n := getDoc(t, app, owner, "/sync-log?q="+cand.ID, 200).Find(`tr[data-testid="candidate-row"]`).Length(); n != 0 {
			t.Errorf("other org sync log lists %d candidates", n)
		}
		getDoc(t, app, owner, "/sync-log/candidates/"+cand.ID+"?org="+demo.OrgID, 404)
	})

	t.Run("StaffPickOrganization", func(t *testing.T) {
		doc := getDoc(t, app, client, "/sync-log", 200)
		if doc.Find(`tr[data-opportunity="`+cand.ID+`"]`).Length() == 0 || doc.Find("th:contains('Organization')").Length() != 1 {
			t.Error("staff sync log does not show all organizations")
		}
		resp, _ := postForm(t, app, noRedirect(client), "/staff/view-org", url.Values{"org_id": {other.Org.ID}, "next": {"/sync-log"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/sync-log" {
			t.Fatalf("view-org = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if n := getDoc(t, app, client, "/sync-log", 200).Find(`tr[data-opportunity="` + cand.ID + `"]`).Length(); n != 0 {
			t.Errorf("sync log of Other Co lists %d events of Demo Co", n)
		}
		dash := getDoc(t, app, client, "/interviews", 200)
		if dash.Find(`tr[data-testid^="interview-row-"]`).Length() != 0 || dash.Find(`#org_id option[selected]`).Text() != "Other Co" {
			t.Error("dashboard does not show the picked organization")
		}
		if getDoc(t, app, client, "/interviews?org=all", 200).Find(`tr[data-testid="interview-row-`+iv.ID+`"]`).Length() != 1 {
			t.Error("all organizations does not list Demo Co's interview")
		}
		// Staff open and act on any organization's interview.
		if getDoc(t, app, client, "/interviews/"+iv.ID, 200).Find(`[data-testid="detail-org"]`).Text() != "Demo Co" {
			t.Error("staff do not see the interview's organization")
		}
		if resp, _ := postForm(t, app, noRedirect(client), "/sync-log/writes/"+wr.ID+"/retry", url.Values{}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("staff retry in another org = %d", resp.StatusCode)
		}
	})
}

// writeWhenDone waits until the interview's first write of kind is done
// and returns it.
func writeWhenDone(t *testing.T, store *models.Store, interviewID, kind string) models.LeverWrite {
	t.Helper()
	var found models.LeverWrite
	waitFor(t, kind+" write done", func() bool {
		writes, err := store.Writes(context.Background(), interviewID)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range writes {
			if w.Kind == kind {
				found = w
				return w.Status == models.WriteDone
			}
		}
		return false
	})
	return found
}

// failWrite marks a write as failed for good, as after Lever refused it.
func failWrite(t *testing.T, store *models.Store, id string) {
	t.Helper()
	err := store.Gorm().Model(&models.LeverWrite{}).Where("id = ?", id).
		Updates(map[string]any{"status": models.WriteFailed, "result": "Lever answered 500 five times (forced by the test)"}).Error
	if err != nil {
		t.Fatal(err)
	}
}
