package main

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// consent opens Begin setup as the logged-in client and returns the
// sandbox consent form's fields with decision set.
func consent(t *testing.T, app *testApp, c *http.Client, decision string) url.Values {
	t.Helper()
	resp, body := get(t, app, c, "/integrations/lever/connect")
	if resp.Request.URL.Path != "/sandbox/lever/authorize" {
		t.Fatalf("connect ended at %s (%d)", resp.Request.URL, resp.StatusCode)
	}
	form := url.Values{"decision": {decision}, "account": {sandboxAccount}}
	parseHTML(t, body).Find(`form[data-testid="consent-form"] input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		form.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	return form
}

// screen fetches the Lever screen.
func screen(t *testing.T, app *testApp, c *http.Client) *goquery.Document {
	t.Helper()
	return getDoc(t, app, c, "/integrations/lever", 200)
}

// byTestID selects elements by data-testid.
func byTestID(doc *goquery.Document, id string) *goquery.Selection {
	return doc.Find(`[data-testid="` + id + `"]`)
}

// squash is the text of s with whitespace runs collapsed.
func squash(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// leverStatus is GET /api/v1/lever.
func leverStatus(t *testing.T, app *testApp) (status string, enabled bool, webhookURL string) {
	t.Helper()
	var out struct {
		Status     string `json:"status"`
		Enabled    bool   `json:"enabled"`
		WebhookURL string `json:"webhook_url"`
	}
	apiJSON(t, app, "GET", "/api/v1/lever", "", 200, &out)
	return out.Status, out.Enabled, out.WebhookURL
}

func TestLeverScreenOAuth(t *testing.T) {
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	doc := screen(t, app, owner)
	if got := squash(byTestID(doc, "connection-state")); got != "Not connected" {
		t.Fatalf("state = %q", got)
	}

	refused := []struct {
		name string
		run  func(t *testing.T) string // the final page's body
	}{
		{"ForgedState", func(t *testing.T) string {
			form := consent(t, app, owner, "accept")
			form.Set("state", "forged")
			_, body := postForm(t, app, owner, "/sandbox/lever/authorize", form)
			return body
		}},
		{"MissingState", func(t *testing.T) string {
			consent(t, app, owner, "accept")
			_, body := get(t, app, owner, "/integrations/lever/callback?code=made-up")
			return body
		}},
		{"NoFlowStarted", func(t *testing.T) string {
			_, body := get(t, app, owner, "/integrations/lever/callback?code=made-up&state=made-up")
			return body
		}},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			doc := parseHTML(t, tt.run(t))
			if got := squash(byTestID(doc, "flash")); !strings.Contains(got, "did not match a setup started in this browser") {
				t.Errorf("flash = %q", got)
			}
			if status, _, _ := leverStatus(t, app); status != "disconnected" {
				t.Errorf("status = %s after a refused callback", status)
			}
		})
	}

	t.Run("Denied", func(t *testing.T) {
		_, body := postForm(t, app, owner, "/sandbox/lever/authorize", consent(t, app, owner, "deny"))
		if got := squash(byTestID(parseHTML(t, body), "flash")); !strings.Contains(got, "You declined the authorization in Lever") {
			t.Errorf("flash = %q", got)
		}
		if status, _, _ := leverStatus(t, app); status != "disconnected" {
			t.Errorf("status = %s", status)
		}
	})

	t.Run("AcceptedThenReused", func(t *testing.T) {
		resp, _ := postForm(t, app, noRedirect(owner), "/sandbox/lever/authorize", consent(t, app, owner, "accept"))
		callback := resp.Header.Get("Location")
		if !strings.Contains(callback, "/integrations/lever/callback?") {
			t.Fatalf("consent redirected to %q", callback)
		}
		_, body := get(t, app, owner, strings.TrimPrefix(callback, app.URL))
		doc := parseHTML(t, body)
		if got := squash(byTestID(doc, "connection-state")); got != "Connected to Lever account "+sandboxAccount {
			t.Fatalf("state = %q", got)
		}
		doc = getDoc(t, app, owner, "/integrations/lever?tab=webhook", 200)
		if got := squash(byTestID(doc, "webhook-registered")); !strings.HasPrefix(got, "Candidate Stage Change webhook registered (") {
			t.Errorf("webhook = %q", got)
		}
		status, _, hook := leverStatus(t, app)
		if status != "connected" || !strings.HasPrefix(hook, app.URL+"/webhooks/lever/") {
			t.Errorf("api: %s %s", status, hook)
		}
		_, body = get(t, app, owner, strings.TrimPrefix(callback, app.URL))
		if got := squash(byTestID(parseHTML(t, body), "flash")); !strings.Contains(got, "did not match") {
			t.Errorf("reused callback: flash = %q", got)
		}
	})
}

func TestLeverScreenStageMappingAndToggle(t *testing.T) {
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	postForm(t, app, owner, "/sandbox/lever/authorize", consent(t, app, owner, "accept"))
	var stages []struct{ ID, Text string }
	apiJSON(t, app, "GET", "/api/v1/lever/stages", "", 200, &stages)
	id := map[string]string{}
	for _, s := range stages {
		id[s.Text] = s.ID
	}
	valid := url.Values{"to_be_scheduled": {id["Intervue - To be Scheduled"]}, "scheduled": {id["Intervue - Scheduled"]},
		"intervue_yes": {id["Intervue - Yes"]}, "intervue_no": {id["Intervue - No"]}, "unable_to_schedule": {id["Intervue - Unable to schedule"]}}

	resp, body := postForm(t, app, owner, "/integrations/lever/enabled", url.Values{"enabled": {"on"}})
	doc := parseHTML(t, body)
	if resp.StatusCode != 200 || !strings.Contains(squash(byTestID(doc, "enable-error")), "map all five stages first") {
		t.Errorf("enable before mapping: %d %q", resp.StatusCode, squash(byTestID(doc, "enable-error")))
	}
	if _, on, _ := leverStatus(t, app); on {
		t.Fatal("enabled before mapping")
	}

	bad := url.Values{"to_be_scheduled": valid["to_be_scheduled"], "scheduled": valid["to_be_scheduled"], "intervue_yes": valid["intervue_yes"]}
	resp, body = postForm(t, app, owner, "/integrations/lever/stage-mapping", bad)
	doc = parseHTML(t, body)
	if resp.StatusCode != 200 {
		t.Fatalf("invalid mapping = %d", resp.StatusCode)
	}
	for field, want := range map[string]string{"scheduled": "already used for To be Scheduled", "intervue_no": "choose the Lever stage", "unable_to_schedule": "choose the Lever stage"} {
		if got := squash(byTestID(doc, "stage-"+field+"-error")); !strings.Contains(got, want) {
			t.Errorf("%s error = %q, want %q", field, got, want)
		}
		if byTestID(doc, "stage-"+field).AttrOr("aria-invalid", "") != "true" {
			t.Errorf("%s not aria-invalid", field)
		}
	}
	if got := byTestID(doc, "stage-intervue_yes-error").Text(); got != "" {
		t.Errorf("valid field has error %q", got)
	}

	resp, body = postForm(t, app, owner, "/integrations/lever/stage-mapping", valid)
	if resp.Request.URL.Path != "/integrations/lever" || !strings.Contains(squash(byTestID(parseHTML(t, body), "flash")), "Stage mapping saved") {
		t.Errorf("valid mapping ended at %s", resp.Request.URL)
	}
	var saved map[string]string
	apiJSON(t, app, "GET", "/api/v1/lever/stage-mapping", "", 200, &saved)
	for k, v := range valid {
		if saved[k] != v[0] {
			t.Errorf("api %s = %q, want %q", k, saved[k], v[0])
		}
	}

	_, body = postForm(t, app, owner, "/integrations/lever/enabled", url.Values{"enabled": {"on"}})
	doc = parseHTML(t, body)
	if _, on, _ := leverStatus(t, app); !on || !byTestID(doc, "enable-toggle").Is("[checked]") {
		t.Fatalf("not enabled after mapping: %q", squash(byTestID(doc, "enable-error")))
	}
	_, body = postForm(t, app, owner, "/integrations/lever/sweep", nil)
	if got := squash(byTestID(parseHTML(t, body), "flash")); !strings.HasPrefix(got, "Checked Lever: 0 candidates found") {
		t.Errorf("sweep flash = %q", got)
	}
	_, body = postForm(t, app, owner, "/integrations/lever/enabled", url.Values{"enabled": {"off"}})
	if got := squash(byTestID(getDoc(t, app, owner, "/integrations/lever", 200), "enable-state")); !strings.Contains(got, "Candidate moves in Lever are recorded but not acted on") {
		t.Errorf("state = %q", got)
	}
}

func TestLeverScreenPostings(t *testing.T) {
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	postForm(t, app, owner, "/sandbox/lever/authorize", consent(t, app, owner, "accept"))

	var all []struct{ ID, Text, State string }
	apiJSON(t, app, "GET", "/api/v1/lever/postings", "", 200, &all)
	states := map[string]int{}
	for _, p := range all {
		states[p.State]++
	}
	if len(all) < 130 || states["internal"] == 0 || states["closed"] == 0 || states["draft"] == 0 {
		t.Fatalf("api: %d postings, states %v", len(all), states)
	}
	n := len(all)
	doc := getDoc(t, app, owner, "/integrations/lever?tab=postings", 200)
	if got, want := squash(byTestID(doc, "postings-summary")), "Showing 1–50 of "+strconv.Itoa(n); got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	doc = getDoc(t, app, owner, "/integrations/lever/postings?page=3", 200)
	if got, want := squash(byTestID(doc, "postings-summary")), "Showing 101–"+strconv.Itoa(n)+" of "+strconv.Itoa(n); got != want {
		t.Errorf("page 3 summary = %q, want %q", got, want)
	}
	doc = getDoc(t, app, owner, "/integrations/lever/postings?q=z%C3%BCrich", 200)
	byTestID(doc, "posting-row").Each(func(_ int, s *goquery.Selection) {
		if !strings.Contains(strings.ToLower(squash(s)), "zürich") {
			t.Errorf("row does not match the search: %q", squash(s))
		}
	})

	var profiles []struct{ ID, Name string }
	apiJSON(t, app, "GET", "/api/v1/profiles", "", 200, &profiles)
	target := all[0]
	resp, body := postForm(t, app, owner, "/integrations/lever/postings/"+url.PathEscape(target.ID)+"/profile",
		url.Values{"profile_id": {profiles[0].ID}, "next": {"/integrations/lever/postings?unmapped=1"}})
	if resp.Request.URL.RawQuery != "unmapped=1" || !strings.Contains(squash(byTestID(parseHTML(t, body), "flash")), "is now mapped to the interview profile") {
		t.Errorf("mapping ended at %s", resp.Request.URL)
	}
	var after []struct {
		ID        string  `json:"id"`
		ProfileID *string `json:"profile_id"`
	}
	apiJSON(t, app, "GET", "/api/v1/lever/postings", "", 200, &after)
	for _, p := range after {
		if p.ID == target.ID && (p.ProfileID == nil || *p.ProfileID != profiles[0].ID) {
			t.Errorf("api profile_id = %v", p.ProfileID)
		}
	}
	doc = getDoc(t, app, owner, "/integrations/lever/postings?unmapped=1", 200)
	if got, want := squash(byTestID(doc, "postings-summary")), "of "+strconv.Itoa(n-1); !strings.HasSuffix(got, want) {
		t.Errorf("unmapped summary = %q", got)
	}
	if got := squash(byTestID(doc, "check-postings")); !strings.Contains(got, "1 of "+strconv.Itoa(n)+" postings mapped") {
		t.Errorf("checklist = %q", got)
	}
}
