package handlers_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
	"github.com/intervue/lever-integration/web/app"
	"github.com/intervue/lever-integration/web/app/apptest"
)

// leverApp is the whole app, started by package app as the web binary
// starts it, with its built-in Lever sandbox (under /sandbox/lever/).
type leverApp struct {
	URL     string
	Store   *models.Store
	Sandbox *sandbox.Server
	OrgID   string
	Owner   *http.Client // the org's super admin, logged in
}

const ownerEmail, ownerPassword = "owner@lever-page.test", "correct horse battery"

// setupLeverApp starts the app on a private database with an organization
// whose owner is logged in.
func setupLeverApp(t *testing.T) *leverApp {
	t.Helper()
	// Tests schedule on fixed calendar dates: a century each way.
	return newLeverApp(t, "Lever Page Co", 7, map[string]string{"SCHEDULE_MAX_PAST": "876000h", "SCHEDULE_MAX_AHEAD": "876000h"}).leverApp
}

// newLeverApp starts the app (package app, as the binary does) with env
// and an organization named org with credits, whose owner is logged in.
// Its jobs are stored but not run (app.Options.NoWorkers): these tests
// read pages and state that background work would change under them.
func newLeverApp(t *testing.T, org string, credits int, env map[string]string) *regionsApp {
	t.Helper()
	a := apptest.Start(t, env, app.Options{NoWorkers: true})
	res, err := a.Store.CreateOrganization(context.Background(), models.NewOrgInput{Name: org, Email: ownerEmail, Password: ownerPassword, Credits: credits})
	if err != nil {
		t.Fatal(err)
	}
	la := &leverApp{URL: a.URL, Store: a.Store, Sandbox: a.Sandbox, OrgID: res.Org.ID}
	la.Owner = la.login(t, ownerEmail, ownerPassword)
	return &regionsApp{leverApp: la, EU: a.SandboxEU}
}

// login returns a client holding a session for email.
func (a *leverApp) login(t *testing.T, email, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 20 * time.Second}
	resp, _ := a.post(t, c, "/login", url.Values{"email": {email}, "password": {password}}, false)
	if resp.Request.URL.Path != "/integrations/lever" {
		t.Fatalf("login %s ended at %s", email, resp.Request.URL)
	}
	return c
}

// get fetches path (following redirects); htmx sets the HX-Request header.
func (a *leverApp) get(t *testing.T, c *http.Client, path string, htmx bool) (*http.Response, *goquery.Document) {
	t.Helper()
	req, _ := http.NewRequest("GET", a.URL+path, nil)
	return a.do(t, c, req, htmx)
}

// post sends a same-origin form (following redirects).
func (a *leverApp) post(t *testing.T, c *http.Client, path string, form url.Values, htmx bool) (*http.Response, *goquery.Document) {
	t.Helper()
	req, _ := http.NewRequest("POST", a.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", a.URL)
	return a.do(t, c, req, htmx)
}

func (a *leverApp) do(t *testing.T, c *http.Client, req *http.Request, htmx bool) (*http.Response, *goquery.Document) {
	t.Helper()
	if htmx {
		req.Header.Set("HX-Request", "true")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	html := string(body)
	if strings.HasPrefix(html, "<tr") {
		// A table row alone would be dropped by the HTML parser.
		html = "<table><tbody>" + html + "</tbody></table>"
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	return resp, doc
}

// connect runs Begin setup through the sandbox's consent page with decision
// (accept or deny) and returns the Lever screen it lands on.
func (a *leverApp) connect(t *testing.T, decision string, edit func(url.Values)) *goquery.Document {
	t.Helper()
	resp, consent := a.get(t, a.Owner, "/integrations/lever/connect", false)
	if resp.Request.URL.Path != "/sandbox/lever/authorize" {
		t.Fatalf("connect ended at %s", resp.Request.URL)
	}
	form := url.Values{"decision": {decision}, "account": {sandbox.DemoAccountID}}
	consent.Find(`form[data-testid="consent-form"] input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		form.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	if edit != nil {
		edit(form)
	}
	resp, doc := a.post(t, a.Owner, "/sandbox/lever/authorize", form, false)
	if resp.Request.URL.Path != "/integrations/lever" {
		t.Fatalf("consent ended at %s (%d)", resp.Request.URL, resp.StatusCode)
	}
	return doc
}

// connection reads the organization's connection from the database.
func (a *leverApp) connection(t *testing.T) *models.LeverConnection {
	t.Helper()
	c, err := a.Store.Connection(context.Background(), a.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// stageIDs maps the five mapping fields to the sandbox's Intervue stages.
func (a *leverApp) stageIDs(t *testing.T) map[string]string {
	t.Helper()
	names := map[string]string{"to_be_scheduled": "Intervue - To be Scheduled", "scheduled": "Intervue - Scheduled",
		"intervue_yes": "Intervue - Yes", "intervue_no": "Intervue - No", "unable_to_schedule": "Intervue - Unable to schedule"}
	out := map[string]string{}
	for field, name := range names {
		id, ok := a.Sandbox.StageByName(sandbox.DemoAccountID, name)
		if !ok {
			t.Fatalf("sandbox has no stage %q", name)
		}
		out[field] = id
	}
	return out
}

// testid selects elements by data-testid.
func testid(doc *goquery.Document, id string) *goquery.Selection {
	return doc.Find(`[data-testid="` + id + `"]`)
}

// text is the trimmed, space-normalised text of s.
func text(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// live marks the setup done (as the first enable does), so the Lever
// screen shows its sections.
func (a *leverApp) live(t *testing.T) {
	t.Helper()
	if err := a.Store.Gorm().Model(&models.LeverConnection{}).Where("org_id = ?", a.OrgID).Update("setup_done_at", time.Now().UTC()).Error; err != nil {
		t.Fatal(err)
	}
}
