package main

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

func TestAppStartsOnEmptyDatabase(t *testing.T) {
	app := startApp(t, nil)
	if !strings.Contains(app.DemoEmail, "@") || len(app.APIKey) < 20 {
		t.Fatalf("demo login = %q / %q", app.DemoEmail, app.APIKey)
	}
	status, body := app.api(t, "GET", "/api/v1/lever", "")
	if status != 200 || !strings.Contains(body, `"status":"disconnected"`) || !strings.Contains(body, `"enabled":false`) {
		t.Fatalf("GET /api/v1/lever = %d %s", status, body)
	}
	status, body = app.api(t, "GET", "/api/v1/interviews/does-not-exist", "")
	if status != 404 || !strings.Contains(body, `"code":"not_found"`) {
		t.Fatalf("unknown interview = %d %s", status, body)
	}
	req, _ := http.NewRequest("GET", app.URL+"/api/v1/lever", nil)
	req.Header.Set("Authorization", "Bearer wrong")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("bad key = %d", resp.StatusCode)
	}
}

func TestLoginReturnsToTheRequestedPage(t *testing.T) {
	app := startApp(t, nil)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(app.URL + "/sync-log?q=ann")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if loc != "/login?next="+url.QueryEscape("/sync-log?q=ann") {
		t.Fatalf("redirect = %q", loc)
	}
	for next, want := range map[string]string{"/sync-log?q=ann": "/sync-log?q=ann", "//evil.example/": "/integrations/lever", "https://evil.example/": "/integrations/lever"} {
		form := url.Values{"email": {app.DemoEmail}, "password": {app.DemoPassword}, "next": {next}}
		req, _ := http.NewRequest("POST", app.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", app.URL)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); resp.StatusCode != 303 || got != want {
			t.Errorf("login with next=%q: %d -> %q, want %q", next, resp.StatusCode, got, want)
		}
	}
}
