package main

import (
	"net/url"
	"strings"
	"testing"
)

// TestBoundedInputs: every input has a limit, and going over it answers a
// 4xx that names the field and the limit: interview event fields, profile
// fields, search parameters, form fields and bodies, JSON bodies.
func TestBoundedInputs(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	_, _, iv := orderInterview(t, app, owner, "Kwame Mensah")
	ivPath := "/api/v1/interviews/" + iv.ID
	long := func(n int) string { return strings.Repeat("x", n) }
	apiTests := []struct {
		name, method, path, body string
		status                   int
		want                     []string // substrings of the error body
	}{
		{"Interviewer", "POST", ivPath + "/schedule", `{"scheduled_at":"2026-12-10T10:00:00Z","timezone":"Europe/Berlin","duration_minutes":60,"interviewer":"` + long(201) + `"}`, 422, []string{`"interviewer"`, "at most 200 characters"}},
		{"MeetingURL", "POST", ivPath + "/schedule", `{"scheduled_at":"2026-12-10T10:00:00Z","timezone":"Europe/Berlin","duration_minutes":60,"interviewer":"Ana","meeting_url":"https://m.example/` + long(1000) + `"}`, 422, []string{`"meeting_url"`, "at most 1000 characters"}},
		{"Summary", "POST", ivPath + "/complete", `{"verdict":"yes","playback_url":"https://p.example/1","summary":"` + long(5001) + `"}`, 422, []string{`"summary"`, "at most 5000 characters"}},
		{"RatingComment", "POST", ivPath + "/complete", `{"verdict":"yes","playback_url":"https://p.example/1","ratings":[{"skill":"Go","score":3,"comment":"` + long(1001) + `"}]}`, 422, []string{`"ratings[0].comment"`, "at most 1000 characters"}},
		{"TooManyRatings", "POST", ivPath + "/complete", `{"verdict":"yes","playback_url":"https://p.example/1","ratings":[` + strings.TrimSuffix(strings.Repeat(`{"skill":"Go","score":3},`, 21), ",") + `]}`, 422, []string{`"ratings"`, "at most 20 ratings"}},
		{"FailDetail", "POST", ivPath + "/fail", `{"reason":"other","detail":"` + long(2001) + `"}`, 422, []string{`"detail"`, "at most 2000 characters"}},
		{"ProfileName", "POST", "/api/v1/profiles", `{"name":"` + long(201) + `","duration_minutes":30}`, 422, []string{`"name"`, "at most 200 characters"}},
		{"ProfileSkills", "POST", "/api/v1/profiles", `{"name":"P","duration_minutes":30,"skills":["` + strings.Repeat(`s","`, 50) + `s"]}`, 422, []string{`"skills"`, "at most 50 skills"}},
		{"JSONBody", "POST", "/api/v1/profiles", `{"name":"` + long(300<<10) + `"}`, 413, []string{`"body_too_large"`, "256 KiB"}},
		{"ProfileNameNUL", "POST", "/api/v1/profiles", `{"name":"P\u0000Q","duration_minutes":30}`, 422, []string{`"name"`, "must not contain a NUL character"}},
		{"InterviewerNUL", "POST", ivPath + "/schedule", `{"scheduled_at":"2026-12-10T10:00:00Z","timezone":"Europe/Berlin","duration_minutes":60,"interviewer":"A\u0000na"}`, 422, []string{`"interviewer"`, "must not contain a NUL character"}},
		{"APIKeyNameNUL", "POST", "/api/v1/api-keys", `{"name":"a\u0000b"}`, 422, []string{`"name"`, "contains a NUL character"}},
		{"UserEmailNUL", "POST", "/api/v1/users", `{"email":"a\u0000b@example.test","role":"member"}`, 422, []string{`"email"`, "a valid email address is required"}},
		{"JSONNotUTF8", "POST", "/api/v1/profiles", "{\"name\":\"bad\xff\xfeutf\",\"duration_minutes\":30}", 400, []string{`"bad_request"`, "not valid UTF-8"}},
		{"UnknownStatus", "GET", "/api/v1/interviews?status=bogus", "", 422, []string{`"status"`, "to_be_scheduled, scheduled"}},
		{"PathIDNUL", "GET", "/api/v1/interviews/a%00b", "", 404, []string{`"not_found"`, "contains a NUL character"}},
		{"PathIDNotUTF8", "DELETE", "/api/v1/users/%ff", "", 404, []string{`"not_found"`, "not valid UTF-8"}},
		{"WebhookKeyNUL", "POST", "/webhooks/lever/%00", "{}", 404, []string{`"unknown_key"`}},
		{"SearchParamNUL", "GET", "/api/v1/lever/postings?q=a%00b", "", 400, []string{"query parameter q contains a NUL character"}},
		{"SearchParam", "GET", "/api/v1/lever/postings?q=" + long(501), "", 400, []string{"query parameter q", "at most 500 characters"}},
	}
	for _, tt := range apiTests {
		t.Run("API/"+tt.name, func(t *testing.T) {
			status, body := app.api(t, tt.method, tt.path, tt.body)
			if status != tt.status {
				t.Errorf("%s %s = %d, want %d: %s", tt.method, tt.name, status, tt.status, tail(body, 300))
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s: error %s does not name %q", tt.name, tail(body, 300), w)
				}
			}
		})
	}
	// Nothing over a limit was stored: the interview is still waiting.
	if got := waitInterview(t, app, iv.OpportunityID, ""); got.Status != "to_be_scheduled" {
		t.Errorf("interview status after refused events = %s", got.Status)
	}

	c := noRedirect(owner)
	pageTests := []struct {
		name, method, path string
		form               url.Values
		status             int
		want               []string
	}{
		{"SearchBox", "GET", "/sync-log?q=" + long(501), nil, 400, []string{"query parameter q", "at most 500 characters"}},
		{"FormBody", "POST", "/profiles", url.Values{"name": {long(300 << 10)}}, 413, []string{"larger than 256 KiB"}},
		{"FormField", "POST", "/profiles", url.Values{"name": {"P"}, "skills": {long(20001)}}, 400, []string{"field skills", "at most 20000 characters"}},
		{"WebhookQueryNUL", "POST", "/webhooks/lever/nokey?x=%00", nil, 400, []string{`"code":"validation_failed"`, "query parameter x contains a NUL character"}},
		{"PagePathNUL", "GET", "/interviews/%00", nil, 404, []string{"contains a NUL character"}},
		{"FieldNUL", "POST", "/profiles", url.Values{"name": {"P\x00Q"}, "duration_minutes": {"30"}}, 400, []string{"field name contains a NUL character"}},
		{"FieldNotUTF8", "POST", "/api-keys", url.Values{"name": {"key \xff"}}, 400, []string{"field name is not valid UTF-8"}},
		{"ProfileName", "POST", "/profiles", url.Values{"name": {long(201)}, "duration_minutes": {"30"}}, 200, []string{"name is too long: at most 200 characters"}},
		{"Interviewer", "POST", "/interviews/" + iv.ID + "/schedule", url.Values{"scheduled_at": {"2026-12-10T10:00"}, "timezone": {"Europe/Berlin"}, "duration_minutes": {"60"}, "interviewer": {long(201)}}, 200, []string{"interviewer is too long: at most 200 characters"}},
	}
	for _, tt := range pageTests {
		t.Run("Page/"+tt.name, func(t *testing.T) {
			var status int
			var body string
			if tt.method == "GET" {
				resp, b := get(t, app, c, tt.path)
				status, body = resp.StatusCode, b
			} else {
				resp, b := postForm(t, app, c, tt.path, tt.form)
				status, body = resp.StatusCode, b
			}
			if status != tt.status {
				t.Errorf("%s = %d, want %d: %s", tt.name, status, tt.status, tail(body, 300))
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s: answer does not say %q: %s", tt.name, w, tail(body, 300))
				}
			}
		})
	}
}
