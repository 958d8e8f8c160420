package main

import (
	"net/url"
	"strings"
	"testing"
)

// TestStageMappingConflict: two admins with the Lever screen open; the
// first saves a change; the second's save from the page loaded before is
// refused with the mapping as it is now (not silently overwriting the
// first's), and saving again from that page goes through.
func TestStageMappingConflict(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	first := login(t, app, app.DemoEmail, app.DemoPassword)
	second := login(t, app, app.DemoEmail, app.DemoPassword)
	postForm(t, app, first, "/sandbox/lever/authorize", consent(t, app, first, "accept"))
	var stages []struct{ ID, Text string }
	apiJSON(t, app, "GET", "/api/v1/lever/stages", "", 200, &stages)
	id, spare := map[string]string{}, []string{}
	for _, s := range stages {
		id[s.Text] = s.ID
		if !strings.HasPrefix(s.Text, "Intervue") {
			spare = append(spare, s.ID)
		}
	}
	if len(spare) < 2 {
		t.Fatalf("need two stages besides ours: %+v", stages)
	}
	mapping := func(unable, was string) url.Values {
		return url.Values{"to_be_scheduled": {id["Intervue - To be Scheduled"]}, "scheduled": {id["Intervue - Scheduled"]},
			"intervue_yes": {id["Intervue - Yes"]}, "intervue_no": {id["Intervue - No"]}, "unable_to_schedule": {unable}, "mapping_was": {was}}
	}
	apiJSON(t, app, "PUT", "/api/v1/lever/stage-mapping", `{"to_be_scheduled":"`+id["Intervue - To be Scheduled"]+`","scheduled":"`+id["Intervue - Scheduled"]+`","intervue_yes":"`+id["Intervue - Yes"]+`","intervue_no":"`+id["Intervue - No"]+`","unable_to_schedule":"`+id["Intervue - Unable to schedule"]+`"}`, 200, nil)
	was := func(c string) string {
		t.Helper()
		v, ok := parseHTML(t, c).Find(`[data-testid="stage-mapping-form"] input[name="mapping_was"]`).Attr("value")
		if !ok || v == "" {
			t.Fatal("the stage mapping form carries no mapping_was")
		}
		return v
	}
	_, page := get(t, app, first, "/integrations/lever?tab=stages")
	wasFirst := was(page)
	_, page = get(t, app, second, "/integrations/lever?tab=stages")
	wasSecond := was(page)

	if resp, body := postForm(t, app, first, "/integrations/lever/stage-mapping", mapping(spare[0], wasFirst)); !strings.Contains(squash(byTestID(parseHTML(t, body), "flash")), "Stage mapping saved") {
		t.Fatalf("first save = %d at %s", resp.StatusCode, resp.Request.URL)
	}
	resp, body := postForm(t, app, second, "/integrations/lever/stage-mapping", mapping(spare[1], wasSecond))
	doc := parseHTML(t, body)
	if resp.StatusCode != 200 || byTestID(doc, "stage-mapping-conflict").Length() == 0 {
		t.Fatalf("second save from the older page = %d, no conflict shown: %s", resp.StatusCode, squash(byTestID(doc, "stage-mapping-card")))
	}
	if got := byTestID(doc, "stage-unable_to_schedule").Find("option[selected]").AttrOr("value", ""); got != spare[0] {
		t.Errorf("conflict shows Unable to schedule = %q, want the first admin's %q", got, spare[0])
	}
	var saved map[string]string
	apiJSON(t, app, "GET", "/api/v1/lever/stage-mapping", "", 200, &saved)
	if saved["unable_to_schedule"] != spare[0] {
		t.Fatalf("stored Unable to schedule = %q, want the first admin's %q kept", saved["unable_to_schedule"], spare[0])
	}
	if resp, body := postForm(t, app, second, "/integrations/lever/stage-mapping", mapping(spare[1], was(body))); !strings.Contains(squash(byTestID(parseHTML(t, body), "flash")), "Stage mapping saved") {
		t.Fatalf("saving again from the refreshed form = %d", resp.StatusCode)
	}
	apiJSON(t, app, "GET", "/api/v1/lever/stage-mapping", "", 200, &saved)
	if saved["unable_to_schedule"] != spare[1] {
		t.Errorf("stored Unable to schedule = %q, want %q", saved["unable_to_schedule"], spare[1])
	}
}

// TestProfileEditConflict: two admins edit one profile; the second's save
// from the form opened before the first saved is refused and shows the
// profile as it is now (the first's duration and skill kept); saving again
// from that form goes through. The API keeps last write wins.
func TestProfileEditConflict(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	first := login(t, app, app.DemoEmail, app.DemoPassword)
	second := login(t, app, app.DemoEmail, app.DemoPassword)
	var p struct{ ID string }
	apiJSON(t, app, "POST", "/api/v1/profiles", `{"name":"Edited Twice","duration_minutes":60,"skills":["Go"]}`, 201, &p)
	was := func(body string) string {
		t.Helper()
		v, ok := parseHTML(t, body).Find(`[data-testid="profile-form"] input[name="profile_was"]`).Attr("value")
		if !ok || v == "" {
			t.Fatal("the edit form carries no profile_was")
		}
		return v
	}
	_, page := get(t, app, first, "/profiles/"+p.ID+"/edit")
	wasFirst := was(page)
	_, page = get(t, app, second, "/profiles/"+p.ID+"/edit")
	wasSecond := was(page)

	form := func(name, minutes, skills, was string) url.Values {
		return url.Values{"name": {name}, "duration_minutes": {minutes}, "skills": {skills}, "profile_was": {was}}
	}
	if resp, _ := postForm(t, app, noRedirect(first), "/profiles/"+p.ID, form("Edited Twice", "90", "Go\nKubernetes", wasFirst)); resp.StatusCode != 303 {
		t.Fatalf("first save = %d", resp.StatusCode)
	}
	resp, body := postForm(t, app, noRedirect(second), "/profiles/"+p.ID, form("Renamed", "60", "Go", wasSecond))
	doc := parseHTML(t, body)
	if resp.StatusCode != 200 || byTestID(doc, "profile-conflict").Length() == 0 {
		t.Fatalf("second save from the older form = %d, no conflict shown", resp.StatusCode)
	}
	if got := doc.Find("#profile-duration").AttrOr("value", ""); got != "90" {
		t.Errorf("conflict form shows duration %q, want the first admin's 90", got)
	}
	var got struct {
		Name            string   `json:"name"`
		DurationMinutes int      `json:"duration_minutes"`
		Skills          []string `json:"skills"`
	}
	getProfile := func() {
		var all []struct {
			ID              string   `json:"id"`
			Name            string   `json:"name"`
			DurationMinutes int      `json:"duration_minutes"`
			Skills          []string `json:"skills"`
		}
		apiJSON(t, app, "GET", "/api/v1/profiles", "", 200, &all)
		for _, x := range all {
			if x.ID == p.ID {
				got.Name, got.DurationMinutes, got.Skills = x.Name, x.DurationMinutes, x.Skills
			}
		}
	}
	getProfile()
	if got.Name != "Edited Twice" || got.DurationMinutes != 90 || len(got.Skills) != 2 {
		t.Fatalf("stored profile = %+v, want the first admin's change kept", got)
	}
	if resp, _ := postForm(t, app, noRedirect(second), "/profiles/"+p.ID, form("Renamed", "90", "Go\nKubernetes", was(body))); resp.StatusCode != 303 {
		t.Fatalf("saving again from the refreshed form = %d", resp.StatusCode)
	}
	if getProfile(); got.Name != "Renamed" {
		t.Errorf("stored name = %q, want Renamed", got.Name)
	}
}
