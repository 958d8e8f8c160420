package main

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestProfilesPage(t *testing.T) {
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	doc := getDoc(t, app, owner, "/profiles", 200)
	if got := byTestID(doc, "profile-row").Length(); got != 2 {
		t.Fatalf("%d profiles listed, want the 2 demo ones", got)
	}

	resp, body := postForm(t, app, owner, "/profiles", url.Values{"name": {"  "}, "duration_minutes": {"5"}, "skills": {"Go"}})
	doc = parseHTML(t, body)
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/profiles" {
		t.Fatalf("invalid profile = %d at %s", resp.StatusCode, resp.Request.URL)
	}
	if got := squash(byTestID(doc, "profile-name-error")); got != "name is required" {
		t.Errorf("name error = %q", got)
	}
	if got := squash(byTestID(doc, "profile-duration-error")); !strings.Contains(got, "between 15 and 240") {
		t.Errorf("duration error = %q", got)
	}
	if got := doc.Find("#profile-duration").AttrOr("value", ""); got != "5" {
		t.Errorf("submitted duration not kept: %q", got)
	}

	_, body = postForm(t, app, owner, "/profiles", url.Values{"name": {`Data <Engineer>`}, "duration_minutes": {"90"}, "skills": {"Python, SQL\nSpark"}})
	doc = parseHTML(t, body)
	var row *goquery.Selection
	byTestID(doc, "profile-row").Each(func(_ int, s *goquery.Selection) {
		if squash(s.Find(`[data-testid="profile-name"]`)) == "Data <Engineer>" {
			row = s
		}
	})
	if row == nil {
		t.Fatalf("new profile not listed; flash %q", squash(byTestID(doc, "flash")))
	}
	if got := squash(row.Find(`[data-testid="profile-skills"]`)); got != "Python, SQL, Spark" {
		t.Errorf("skills = %q", got)
	}
	var api []struct {
		Name   string   `json:"name"`
		Skills []string `json:"skills"`
	}
	apiJSON(t, app, "GET", "/api/v1/profiles", "", 200, &api)
	if len(api) != 3 {
		t.Fatalf("api lists %d profiles", len(api))
	}

	id := row.AttrOr("data-profile-id", "")
	_, body = postForm(t, app, owner, "/profiles/"+id+"/delete", nil)
	if got := byTestID(parseHTML(t, body), "profile-row").Length(); got != 2 {
		t.Errorf("%d profiles after delete", got)
	}
	if resp, _ := postForm(t, app, owner, "/profiles/"+id+"/delete", nil); resp.StatusCode != 404 {
		t.Errorf("deleting twice = %d", resp.StatusCode)
	}
}
