package main

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/models"
)

// TestProfilesEditableWithUniqueNames edits a profile through its page,
// refuses a name another profile has (in any case), on create, edit and the
// API, and keeps the form as submitted.
func TestProfilesEditableWithUniqueNames(t *testing.T) {
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	var profiles []struct {
		ID, Name string
		Skills   []string
	}
	apiJSON(t, app, "GET", "/api/v1/profiles", "", 200, &profiles)
	if len(profiles) < 2 {
		t.Fatalf("demo profiles: %v", profiles)
	}
	first, second := profiles[0], profiles[1]

	doc := getDoc(t, app, owner, "/profiles/"+first.ID+"/edit", 200)
	if got := doc.Find("#profile-name").AttrOr("value", ""); got != first.Name {
		t.Errorf("edit form name = %q, want %q", got, first.Name)
	}
	resp, body := postForm(t, app, owner, "/profiles/"+first.ID, url.Values{"name": {"  " + strings.ToUpper(second.Name) + " "}, "duration_minutes": {"60"}})
	doc = parseHTML(t, body)
	if resp.StatusCode != 200 || !strings.Contains(squash(byTestID(doc, "profile-name-error")), "already exists") {
		t.Errorf("duplicate name on edit: %d %q", resp.StatusCode, squash(byTestID(doc, "profile-name-error")))
	}
	if got := doc.Find("#profile-name").AttrOr("value", ""); !strings.Contains(got, strings.ToUpper(second.Name)) {
		t.Errorf("submitted name not kept: %q", got)
	}
	_, body = postForm(t, app, owner, "/profiles", url.Values{"name": {second.Name}, "duration_minutes": {"30"}})
	if got := squash(byTestID(parseHTML(t, body), "profile-name-error")); !strings.Contains(got, "already exists") {
		t.Errorf("duplicate name on create: %q", got)
	}
	if status, body := app.api(t, "POST", "/api/v1/profiles", `{"name":"`+second.Name+`","duration_minutes":30}`); status != 422 || !strings.Contains(body, "already exists") {
		t.Errorf("API duplicate create = %d %s", status, body)
	}

	resp, body = postForm(t, app, owner, "/profiles/"+first.ID, url.Values{"name": {"Renamed profile"}, "duration_minutes": {"75"}, "skills": {"Go\nKubernetes"}})
	if resp.Request.URL.Path != "/profiles" || !strings.Contains(squash(byTestID(parseHTML(t, body), "flash")), "Renamed profile") {
		t.Errorf("save ended at %s: %q", resp.Request.URL, squash(byTestID(parseHTML(t, body), "flash")))
	}
	var after struct {
		Name            string   `json:"name"`
		DurationMinutes int      `json:"duration_minutes"`
		Skills          []string `json:"skills"`
	}
	apiJSON(t, app, "PUT", "/api/v1/profiles/"+second.ID, `{"name":"API renamed","duration_minutes":50,"skills":["SQL"]}`, 200, &after)
	if after.Name != "API renamed" || after.DurationMinutes != 50 {
		t.Errorf("API update = %+v", after)
	}
	apiJSON(t, app, "GET", "/api/v1/profiles", "", 200, &profiles)
	names := map[string]bool{}
	for _, p := range profiles {
		names[p.Name] = true
	}
	if !names["Renamed profile"] || !names["API renamed"] {
		t.Errorf("profiles after edits: %v", names)
	}
	if status, _ := app.api(t, "PUT", "/api/v1/profiles/"+second.ID, `{"name":"Renamed profile","duration_minutes":50}`); status != 422 {
		t.Errorf("API rename onto another profile's name = %d", status)
	}
}

// TestEnableWithoutCreditsWarnsFirst: with no credit left, turning the
// integration on shows a warning and changes nothing; "Enable anyway"
// turns it on. The credits card shows available and reserved credits, as
// does GET /api/v1/credits.
func TestEnableWithoutCreditsWarnsFirst(t *testing.T) {
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	setup := connectAndMap(t, app, owner)
	apiJSON(t, app, "PUT", "/api/v1/lever/enabled", `{"enabled":false}`, 200, nil)
	store := openStore(t, app)
	orgID := demoOrgID(t, store)

	c := candidateNamed(t, app, "Priya Natarajan")
	mapPosting(t, app, c.Posting, setup.ProfileID)
	apiJSON(t, app, "PUT", "/api/v1/lever/enabled", `{"enabled":true}`, 200, nil)
	moveCandidate(t, app, c.ID, setup.Stages["to_be_scheduled"])
	waitInterview(t, app, c.ID, "to_be_scheduled")
	var credits struct{ Balance, Available, Reserved int }
	apiJSON(t, app, "GET", "/api/v1/credits", "", 200, &credits)
	if credits.Reserved != 1 || credits.Available != credits.Balance || credits.Available != 24 {
		t.Errorf("credits = %+v, want 24 available and 1 reserved", credits)
	}
	doc := getDoc(t, app, owner, "/integrations/lever", 200)
	if got := squash(byTestID(doc, "ops-card").Find(`[data-testid="credits"]`)) + "/" + squash(byTestID(doc, "credits-reserved")); got != "24/1" {
		t.Errorf("screen credits available/reserved = %s", got)
	}

	if _, err := store.AddCredits(context.Background(), orgID, -24); err != nil {
		t.Fatal(err)
	}
	apiJSON(t, app, "PUT", "/api/v1/lever/enabled", `{"enabled":false}`, 200, nil)
	doc = getDoc(t, app, owner, "/integrations/lever", 200)
	if !strings.Contains(squash(byTestID(doc, "no-credits-hint")), "no interview credits") {
		t.Errorf("no hint before enabling with 0 credits: %q", squash(byTestID(doc, "enable-card")))
	}
	_, body := postForm(t, app, owner, "/integrations/lever/enabled", url.Values{"enabled": {"off", "on"}})
	doc = parseHTML(t, body)
	if got := squash(byTestID(doc, "no-credits-confirm")); !strings.Contains(got, "You have no interview credits") {
		t.Errorf("enabling with 0 credits did not warn: %q", squash(byTestID(doc, "enable-card")))
	}
	if _, on, _ := leverStatus(t, app); on {
		t.Fatal("enabled without confirming")
	}
	postForm(t, app, owner, "/integrations/lever/enabled", url.Values{"enabled": {"on"}, "confirm_no_credits": {"1"}})
	if _, on, _ := leverStatus(t, app); !on {
		t.Error("Enable anyway did not enable")
	}
}

// TestConnectingAnAccountOfAnotherOrganization shows a page that says what
// happened and how to fix it, not "Unprocessable Entity".
func TestConnectingAnAccountOfAnotherOrganization(t *testing.T) {
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	postForm(t, app, owner, "/sandbox/lever/authorize", consent(t, app, owner, "accept"))

	store := openStore(t, app)
	if _, err := store.CreateOrganization(context.Background(), models.NewOrgInput{Name: "Other Co", Email: "owner@other.test", Password: "password-123"}); err != nil {
		t.Fatal(err)
	}
	other := login(t, app, "owner@other.test", "password-123")
	resp, body := postForm(t, app, other, "/sandbox/lever/authorize", consent(t, app, other, "accept"))
	doc := parseHTML(t, body)
	if resp.StatusCode != 409 {
		t.Errorf("status = %d, want 409", resp.StatusCode)
	}
	if got := squash(byTestID(doc, "error-title")); got != "This Lever account is already connected to another organization" {
		t.Errorf("title = %q", got)
	}
	msg := squash(byTestID(doc, "error-message"))
	if !strings.Contains(msg, "disconnect it first") || strings.Contains(squash(doc.Find("main")), "Unprocessable") || strings.Contains(msg, "account:") {
		t.Errorf("message = %q", msg)
	}
	if href := byTestID(doc, "error-fix").AttrOr("href", ""); !strings.HasPrefix(href, "/integrations/lever?setup=1") {
		t.Errorf("fix link = %q", href)
	}
	if got := squash(doc.Find("title")); strings.Contains(got, "Unprocessable") || strings.Contains(got, "Conflict") {
		t.Errorf("page title = %q", got)
	}
}
