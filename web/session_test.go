package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/models"
	webapp "github.com/intervue/lever-integration/web/app"
)

// loggedIn reports whether c's session still opens a page behind login.
func loggedIn(t *testing.T, app *testApp, c *http.Client) bool {
	t.Helper()
	resp, _ := get(t, app, noRedirect(c), "/integrations/lever")
	switch resp.StatusCode {
	case 200:
		return true
	case 303:
		if !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Fatalf("redirected to %s", resp.Header.Get("Location"))
		}
		return false
	}
	t.Fatalf("GET /integrations/lever = %d", resp.StatusCode)
	return false
}

// TestSessionIdleLimit: a session in use stays open; after the idle limit
// (SESSION_IDLE_TIMEOUT, here 6s) without a request it is over. The limit
// leaves room for slow requests (-race on a busy machine): the use phase
// sends one every 300 ms for 8 s, longer than the limit.
func TestSessionIdleLimit(t *testing.T) {
	t.Parallel()
	app := startApp(t, map[string]string{"SESSION_IDLE_TIMEOUT": "6s"})
	c := login(t, app, app.DemoEmail, app.DemoPassword)
	for start := time.Now(); time.Since(start) < 8*time.Second; {
		if !loggedIn(t, app, c) {
			t.Fatalf("logged out after %s of use", time.Since(start).Round(time.Millisecond))
		}
		time.Sleep(300 * time.Millisecond)
	}
	// A page left open polls (htmx, X-Background-Refresh): that is not use.
	for i := 0; i < 12; i++ {
		req, _ := http.NewRequest("GET", app.URL+"/integrations/lever/backfill/progress", nil)
		req.Header.Set("HX-Request", "true")
		req.Header.Set("X-Background-Refresh", "1")
		do(t, c, req)
		time.Sleep(600 * time.Millisecond)
	}
	if loggedIn(t, app, c) {
		t.Fatal("still logged in after the idle limit")
	}
}

// TestSessionAbsoluteLimit: 12 hours after login a session ends however
// busy it is.
func TestSessionAbsoluteLimit(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	c := login(t, app, app.DemoEmail, app.DemoPassword)
	if !loggedIn(t, app, c) {
		t.Fatal("not logged in")
	}
	store := openStore(t, app)
	if err := store.Gorm().Model(&models.WebSession{}).Where("1 = 1").
		UpdateColumns(map[string]any{"created_at": time.Now().UTC().Add(-12*time.Hour - time.Minute), "updated_at": time.Now().UTC()}).Error; err != nil {
		t.Fatal(err)
	}
	if loggedIn(t, app, c) {
		t.Fatal("a session older than 12 hours still works")
	}
	var n int64
	store.Gorm().Model(&models.WebSession{}).Count(&n)
	if n != 0 {
		t.Errorf("%d session rows left after the absolute limit", n)
	}
}

// TestPurgeExpired: the periodic purge deletes expired sessions and failed
// logins that left the throttle window, and keeps live ones.
func TestPurgeExpired(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	c := login(t, app, app.DemoEmail, app.DemoPassword)
	store := openStore(t, app)
	ctx := context.Background()
	now := time.Now().UTC()
	if err := store.SaveWebSession(ctx, &models.WebSession{ID: "expired-session", Data: "x", ExpiresAt: now.Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []models.LoginFailure{{ID: "old", Email: "a@x.test", ClientAddr: "192.0.2.1", At: now.Add(-20 * time.Minute)},
		{ID: "recent", Email: "a@x.test", ClientAddr: "192.0.2.1", At: now.Add(-time.Minute)}} {
		if err := store.Gorm().Create(&f).Error; err != nil {
			t.Fatal(err)
		}
	}
	webapp.PurgeOnce(ctx, store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var ids []string
	store.Gorm().Model(&models.LoginFailure{}).Pluck("id", &ids)
	if len(ids) != 1 || ids[0] != "recent" {
		t.Errorf("login failures after purge = %v, want [recent]", ids)
	}
	if _, err := store.WebSession(ctx, "expired-session"); err == nil {
		t.Error("expired session still there")
	}
	var n int64
	store.Gorm().Model(&models.WebSession{}).Where("id = ?", "expired-session").Count(&n)
	if n != 0 {
		t.Error("expired session row not deleted")
	}
	if !loggedIn(t, app, c) {
		t.Error("the purge ended a live session")
	}
}

// TestHostCookieOnHTTPS: with an https PUBLIC_URL the session cookie is
// __Host- prefixed, Secure, Path=/ and has no Domain; on http it is not.
func TestHostCookieOnHTTPS(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		env  map[string]string
		name string
	}{
		{map[string]string{"PUBLIC_URL": "https://app.example.test", "SANDBOX": "1"}, "__Host-iv_session"},
		{nil, "iv_session"},
	} {
		app := startApp(t, tt.env)
		req, _ := http.NewRequest("POST", app.URL+"/login", strings.NewReader(url.Values{"email": {app.DemoEmail}, "password": {app.DemoPassword}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, _ := do(t, noRedirect(http.DefaultClient), req)
		cookies := resp.Cookies()
		if resp.StatusCode != 303 || len(cookies) != 1 {
			t.Fatalf("login = %d with %d cookies", resp.StatusCode, len(cookies))
		}
		ck := cookies[0]
		secure := tt.env != nil
		if ck.Name != tt.name || ck.Secure != secure || ck.Path != "/" || ck.Domain != "" || !ck.HttpOnly {
			t.Errorf("cookie = %s Secure=%v Path=%q Domain=%q HttpOnly=%v, want %s Secure=%v Path=/",
				ck.Name, ck.Secure, ck.Path, ck.Domain, ck.HttpOnly, tt.name, secure)
		}
	}
}

// TestBadDurationSettings: a wrong duration setting (SESSION_IDLE_TIMEOUT,
// SWEEP_EVERY, the schedule window, ...) stops the start with a message
// naming it, never a silent default.
func TestBadDurationSettings(t *testing.T) {
	for _, name := range []string{"SESSION_IDLE_TIMEOUT", "SWEEP_EVERY", "RESCUE_STUCK_JOBS_AFTER", "ATTENTION_NOTIFY_INTERVAL", "SCHEDULE_MAX_PAST", "SCHEDULE_MAX_AHEAD"} {
		for _, bad := range []string{"half an hour", "-5m", "0"} {
			env := map[string]string{name: bad, "LISTEN_ADDR": freeAddr(t), "SECRET_KEY": testSecretKey}
			err := run(context.Background(), nil, func(k string) string { return env[k] }, &syncBuffer{}, &syncBuffer{})
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("%s=%q: run = %v, want an error naming %s", name, bad, err, name)
			}
		}
	}
}
