package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/intervue/lever-integration/models"
)

// sandboxAccount is the built-in sandbox's seeded Lever account.
const sandboxAccount = "acct-sandbox-demo"

// leverSetup is what connectAndMap configured: the mapped stage ids by
// mapping field (to_be_scheduled, scheduled, intervue_yes, intervue_no,
// unable_to_schedule) and an interview profile.
type leverSetup struct {
	Stages    map[string]string
	ProfileID string
}

// sandboxCandidate is one candidate row of the sandbox pipeline page.
type sandboxCandidate struct {
	ID, Name, Email, Posting string
}

// apiInterview is GET /api/v1/interviews/{id}.
type apiInterview struct {
	ID            string `json:"id"`
	OpportunityID string `json:"opportunity_id"`
	Status        string `json:"status"`
	ReportURL     string `json:"report_url"`
	ProfileID     string `json:"profile_id"`
}

// login returns a client with a session for email (cookie jar; POSTs
// through postForm carry the app's Origin).
func login(t testing.TB, app *testApp, email, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	resp, body := postForm(t, app, c, "/login", url.Values{"email": {email}, "password": {password}})
	if resp.StatusCode >= 400 || strings.Contains(body, `data-testid="login-error"`) {
		t.Fatalf("login %s = %d\n%s", email, resp.StatusCode, tail(body, 2000))
	}
	return c
}

// noRedirect returns a copy of c that answers redirects instead of following them.
func noRedirect(c *http.Client) *http.Client {
	cc := *c
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cc
}

// postForm posts a form to the app (path relative to app.URL, or absolute)
// with a same-origin Origin header and returns the final response and body.
func postForm(t testing.TB, app *testApp, c *http.Client, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	u := path
	if strings.HasPrefix(path, "/") {
		u = app.URL + path
	}
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", app.URL)
	return do(t, c, req)
}

// get fetches a page of the app and returns the response and body.
func get(t testing.TB, app *testApp, c *http.Client, path string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", app.URL+path, nil)
	return do(t, c, req)
}

func do(t testing.TB, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// getDoc fetches a page, requires want as status and parses it.
func getDoc(t testing.TB, app *testApp, c *http.Client, path string, want int) *goquery.Document {
	t.Helper()
	resp, body := get(t, app, c, path)
	if resp.StatusCode != want {
		t.Fatalf("GET %s = %d, want %d\n%s", path, resp.StatusCode, want, tail(body, 3000))
	}
	return parseHTML(t, body)
}

func parseHTML(t testing.TB, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// connectAndMap connects the demo org (client is its logged-in super admin)
// to the sandbox's Lever account through the real OAuth pages, maps the five
// Intervue stages, creates a profile and enables the integration.
func connectAndMap(t testing.TB, app *testApp, client *http.Client) leverSetup {
	t.Helper()
	resp, body := get(t, app, client, "/integrations/lever/connect")
	if !strings.Contains(resp.Request.URL.Path, "/sandbox/lever/authorize") {
		t.Fatalf("connect ended at %s (%d)\n%s", resp.Request.URL, resp.StatusCode, tail(body, 2000))
	}
	form := url.Values{"decision": {"accept"}, "account": {sandboxAccount}}
	parseHTML(t, body).Find(`form[data-testid="consent-form"] input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		form.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	postForm(t, app, client, "/sandbox/lever/authorize", form)
	if status, body := app.api(t, "GET", "/api/v1/lever", ""); status != 200 || !strings.Contains(body, `"status":"connected"`) {
		t.Fatalf("after OAuth: GET /api/v1/lever = %d %s", status, body)
	}
	var stages []struct{ ID, Text string }
	apiJSON(t, app, "GET", "/api/v1/lever/stages", "", 200, &stages)
	names := map[string]string{"to_be_scheduled": "Intervue - To be Scheduled", "scheduled": "Intervue - Scheduled",
		"intervue_yes": "Intervue - Yes", "intervue_no": "Intervue - No", "unable_to_schedule": "Intervue - Unable to schedule"}
	setup := leverSetup{Stages: map[string]string{}}
	for field, text := range names {
		for _, s := range stages {
			if s.Text == text {
				setup.Stages[field] = s.ID
			}
		}
		if setup.Stages[field] == "" {
			t.Fatalf("no Lever stage %q in %v", text, stages)
		}
	}
	mapping, _ := json.Marshal(setup.Stages)
	apiJSON(t, app, "PUT", "/api/v1/lever/stage-mapping", string(mapping), 200, nil)
	// A second call (a second candidate in one test) reuses the profile:
	// profile names are unique per organization.
	var profiles []struct{ ID, Name string }
	apiJSON(t, app, "GET", "/api/v1/profiles", "", 200, &profiles)
	for _, p := range profiles {
		if p.Name == "Platform Engineer" {
			setup.ProfileID = p.ID
		}
	}
	if setup.ProfileID == "" {
		var profile struct{ ID string }
		apiJSON(t, app, "POST", "/api/v1/profiles", `{"name":"Platform Engineer","duration_minutes":60,"skills":["Go","Distributed systems","SQL"]}`, 201, &profile)
		setup.ProfileID = profile.ID
	}
	apiJSON(t, app, "PUT", "/api/v1/lever/enabled", `{"enabled":true}`, 200, nil)
	return setup
}

// apiJSON calls the JSON API, requires status want and decodes into out.
func apiJSON(t testing.TB, app *testApp, method, path, body string, want int, out any) {
	t.Helper()
	status, resp := app.api(t, method, path, body)
	if status != want {
		t.Fatalf("%s %s = %d, want %d: %s", method, path, status, want, resp)
	}
	if out != nil {
		if err := json.Unmarshal([]byte(resp), out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, resp)
		}
	}
}

// sandboxCandidates reads the sandbox pipeline page's candidates.
func sandboxCandidates(t testing.TB, app *testApp) []sandboxCandidate {
	t.Helper()
	doc := getDoc(t, app, http.DefaultClient, "/sandbox/lever/pipeline?account="+sandboxAccount, 200)
	var out []sandboxCandidate
	doc.Find(`tr[data-testid^="candidate-"]`).Each(func(_ int, s *goquery.Selection) {
		id := strings.TrimPrefix(s.AttrOr("data-testid", ""), "candidate-")
		cells := s.Find("td")
		email := strings.TrimSpace(cells.Eq(0).Find("div.small").First().Text())
		out = append(out, sandboxCandidate{ID: id, Name: strings.TrimSpace(s.Find(`[data-testid="name-` + id + `"]`).Text()),
			Email: strings.Split(email, ",")[0], Posting: strings.TrimSpace(cells.Eq(1).Text())})
	})
	return out
}

// candidateNamed returns the first sandbox candidate called name.
func candidateNamed(t testing.TB, app *testApp, name string) sandboxCandidate {
	t.Helper()
	for _, c := range sandboxCandidates(t, app) {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no sandbox candidate %q", name)
	return sandboxCandidate{}
}

// mapPosting maps every Lever posting titled title to profileID.
func mapPosting(t testing.TB, app *testApp, title, profileID string) {
	t.Helper()
	var postings []struct{ ID, Text string }
	apiJSON(t, app, "GET", "/api/v1/lever/postings?q="+url.QueryEscape(title), "", 200, &postings)
	n := 0
	for _, p := range postings {
		if p.Text == title {
			apiJSON(t, app, "PUT", "/api/v1/lever/postings/"+url.PathEscape(p.ID)+"/profile", fmt.Sprintf(`{"profile_id":%q}`, profileID), 200, nil)
			n++
		}
	}
	if n == 0 {
		t.Fatalf("no posting titled %q", title)
	}
}

// moveCandidate moves a sandbox candidate to a stage as a Lever recruiter
// would, which sends the stage change webhook.
func moveCandidate(t testing.TB, app *testApp, oppID, stageID string) {
	t.Helper()
	resp, body := postForm(t, app, http.DefaultClient, "/sandbox/lever/pipeline/move",
		url.Values{"account": {sandboxAccount}, "opportunity": {oppID}, "stage": {stageID}})
	if resp.StatusCode != 200 || strings.Contains(body, "Move failed") {
		t.Fatalf("move %s = %d\n%s", oppID, resp.StatusCode, tail(body, 2000))
	}
}

// waitInterview polls the API until the opportunity has an interview
// whose status satisfies ok ("" accepts any).
func waitInterview(t testing.TB, app *testApp, oppID, status string) apiInterview {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var ivs []apiInterview
		apiJSON(t, app, "GET", "/api/v1/interviews?opportunity_id="+url.QueryEscape(oppID), "", 200, &ivs)
		for _, iv := range ivs {
			if status == "" || iv.Status == status {
				return iv
			}
		}
		if time.Now().After(deadline) {
			_, log := app.api(t, "GET", "/api/v1/sync-log?opportunity_id="+url.QueryEscape(oppID), "")
			t.Fatalf("no interview (status %q) for %s after 15s: %v\nsync log: %s", status, oppID, ivs, tail(log, 3000))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// orderInterview connects and maps Lever, maps the posting of the sandbox
// candidate called name and moves them to To be Scheduled; it returns the
// setup, the candidate and the new interview.
func orderInterview(t testing.TB, app *testApp, client *http.Client, name string) (leverSetup, sandboxCandidate, apiInterview) {
	t.Helper()
	setup := connectAndMap(t, app, client)
	c := candidateNamed(t, app, name)
	mapPosting(t, app, c.Posting, setup.ProfileID)
	moveCandidate(t, app, c.ID, setup.Stages["to_be_scheduled"])
	return setup, c, waitInterview(t, app, c.ID, "to_be_scheduled")
}

// openStore opens the app's database directly.
func openStore(t testing.TB, app *testApp) *models.Store {
	t.Helper()
	db, err := models.Open(app.DBURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	sealer, err := models.NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	return models.NewStore(db, sealer)
}

// waitFor polls cond every 100ms for up to 15s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
