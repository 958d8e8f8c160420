package main

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/models"
)

// tryLogin posts the login form from a fresh client and returns the status,
// Retry-After and whether a session cookie was set.
func tryLogin(t *testing.T, app *testApp, email, password string, hdr map[string]string) (int, string, bool) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := noRedirect(&http.Client{Jar: jar})
	req, _ := http.NewRequest("POST", app.URL+"/login", strings.NewReader(url.Values{"email": {email}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", app.URL)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, _ := do(t, c, req)
	u, _ := url.Parse(app.URL)
	return resp.StatusCode, resp.Header.Get("Retry-After"), len(jar.Cookies(u)) > 0
}

// TestLoginThrottledPerEmail: after 10 failures for one email within 15
// minutes even the right password gets 429 with Retry-After, from any
// address and any process, until the window has passed; each failure is
// logged with the client address. Other emails are not affected.
func TestLoginThrottledPerEmail(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	for i := 0; i < 10; i++ {
		if status, _, _ := tryLogin(t, app, app.DemoEmail, "wrong-"+strconv.Itoa(i), nil); status != 200 {
			t.Fatalf("failure %d answered %d", i+1, status)
		}
	}
	status, retry, cookie := tryLogin(t, app, strings.ToUpper(app.DemoEmail), app.DemoPassword, nil)
	secs, _ := strconv.Atoi(retry)
	if status != 429 || secs < 14*60 || secs > 15*60 || cookie {
		t.Fatalf("right password after 10 failures = %d Retry-After %q cookie %v, want 429 with ~900s and no cookie", status, retry, cookie)
	}
	if n := strings.Count(app.Stderr.String(), `"msg":"login failed","client_addr":"127.0.0.1"`); n != 10 {
		t.Errorf("%d failures logged with the client address, want 10", n)
	}
	// The limit is in the database: a second process sharing it refuses
	// too (PostgreSQL: a SQLite file serves one process, TestSecondProcessOnSQLiteRefused).
	if os.Getenv("TEST_DATABASE_URL") != "" {
		second := startAppWith(t, map[string]string{"DATABASE_URL": app.DBURL}, false)
		if status, _, _ := tryLogin(t, second, app.DemoEmail, app.DemoPassword, nil); status != 429 {
			t.Fatalf("second process = %d, want 429", status)
		}
	}
	store := openStore(t, app)
	if _, err := store.CreateUser(context.Background(), demoOrgID(t, store), "other@throttle.test", "password-123", models.RoleMember, ""); err != nil {
		t.Fatal(err)
	}
	if status, _, cookie := tryLogin(t, app, "other@throttle.test", "password-123", nil); status != 303 || !cookie {
		t.Fatalf("another email = %d", status)
	}
	// Once the oldest failures leave the 15-minute window, logging in works.
	if err := store.Gorm().Model(&models.LoginFailure{}).Where("1 = 1").Update("at", time.Now().UTC().Add(-16*time.Minute)).Error; err != nil {
		t.Fatal(err)
	}
	if status, _, cookie := tryLogin(t, app, app.DemoEmail, app.DemoPassword, nil); status != 303 || !cookie {
		t.Fatalf("after the window = %d", status)
	}
}

// TestLoginThrottledPerAddress: 50 failures from one client address (any
// emails) block that address, not others; with CLIENT_IP_HEADER the
// address comes from the proxy's header.
func TestLoginThrottledPerAddress(t *testing.T) {
	t.Parallel()
	app := startApp(t, map[string]string{"CLIENT_IP_HEADER": "X-Forwarded-For"})
	from := func(ip string) map[string]string { return map[string]string{"X-Forwarded-For": "198.51.100.7, " + ip} }
	for i := 0; i < 50; i++ {
		if status, _, _ := tryLogin(t, app, "guess"+strconv.Itoa(i)+"@nowhere.test", "x", from("203.0.113.9")); status != 200 {
			t.Fatalf("failure %d answered %d", i+1, status)
		}
	}
	if status, retry, _ := tryLogin(t, app, app.DemoEmail, app.DemoPassword, from("203.0.113.9")); status != 429 || retry == "" {
		t.Fatalf("blocked address = %d Retry-After %q", status, retry)
	}
	if !strings.Contains(app.Stderr.String(), `"client_addr":"203.0.113.9"`) {
		t.Error("failures are not logged with the proxy's client address")
	}
	if status, _, _ := tryLogin(t, app, app.DemoEmail, app.DemoPassword, from("203.0.113.10")); status != 303 {
		t.Fatalf("another address = %d", status)
	}
}
