package main

import (
	"net/http"
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
