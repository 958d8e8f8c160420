package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCrossOriginRefused: a state-changing request another website makes a
// logged-in admin's browser send (Sec-Fetch-Site: cross-site, or a foreign
// Origin) is refused with 403 and changes nothing: pages answer the error
// page, the JSON API the error envelope with code cross_origin. The same
// request from the app's own origin goes through.
func TestCrossOriginRefused(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	profiles := func() int {
		var out []struct{ Name string }
		apiJSON(t, app, "GET", "/api/v1/profiles", "", 200, &out)
		return len(out)
	}
	before := profiles()
	form := url.Values{"name": {"Planted By Another Site"}, "duration_minutes": {"30"}, "skills": {"Go"}}
	for _, hdr := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Origin": "https://evil.example"},
		{"Sec-Fetch-Site": "same-site", "Origin": "https://admin.intervue.example"},
	} {
		req, _ := http.NewRequest("POST", app.URL+"/profiles", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, body := do(t, owner, req)
		if resp.StatusCode != 403 || !strings.Contains(body, "Refused: sent from another website") || !strings.Contains(body, "nothing was changed") {
			t.Errorf("page POST with %v = %d\n%s", hdr, resp.StatusCode, tail(body, 800))
		}

		api, _ := http.NewRequest("POST", app.URL+"/api/v1/profiles", strings.NewReader(`{"name":"Planted Via API","duration_minutes":30}`))
		api.Header.Set("Authorization", "Bearer "+app.APIKey)
		api.Header.Set("Content-Type", "application/json")
		for k, v := range hdr {
			api.Header.Set(k, v)
		}
		resp, body = do(t, http.DefaultClient, api)
		if resp.StatusCode != 403 || !strings.Contains(body, `"code":"cross_origin"`) {
			t.Errorf("API POST with %v = %d %s", hdr, resp.StatusCode, body)
		}
	}
	if n := profiles(); n != before {
		t.Fatalf("profiles %d -> %d: a refused request changed something", before, n)
	}
	// The app's own origin, as its forms send it.
	if resp, body := postForm(t, app, owner, "/profiles", form); resp.StatusCode >= 400 {
		t.Fatalf("same-origin POST = %d\n%s", resp.StatusCode, tail(body, 800))
	}
	if n := profiles(); n != before+1 {
		t.Fatalf("profiles %d -> %d after a same-origin create, want one more", before, n)
	}
}
