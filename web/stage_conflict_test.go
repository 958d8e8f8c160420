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
