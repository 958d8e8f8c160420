package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intervue/lever-integration/internal/testdb"
)

// syncBuffer is a goroutine-safe bytes.Buffer for the app's output.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// testApp is the whole product started by run() on a free port, on a private
// test database (PostgreSQL schema or SQLite file) with the built-in Lever
// sandbox.
type testApp struct {
	URL          string
	DemoEmail    string
	DemoPassword string
	APIKey       string
	DBURL        string // the app's private test database, for tests that set up states directly
	Stdout       *syncBuffer
	Stderr       *syncBuffer
	// AllowCSPViolations is set by a test that causes violations on purpose.
	AllowCSPViolations bool
	cancel             context.CancelFunc
	done               chan error
}

const testSecretKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

// startApp runs the app until the test ends; env overrides variables.
func startApp(t testing.TB, env map[string]string) *testApp {
	t.Helper()
	return startAppWith(t, env, true)
}

// startAppWith is startApp; with demo false the app is not expected to
// print a demo login (a real Lever app, or a database that has orgs).
func startAppWith(t testing.TB, env map[string]string, demo bool) *testApp {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if env["LISTEN_ADDR"] != "" {
		addr = env["LISTEN_ADDR"]
	}
	dbURL, _ := testdb.URL(t)
	vars := map[string]string{
		"LISTEN_ADDR": addr, "PUBLIC_URL": "http://" + addr, "DATABASE_URL": dbURL, "SECRET_KEY": testSecretKey,
		// The tests schedule interviews on fixed calendar dates (their notes
		// are compared as text), so the schedule window is a century each
		// way; TestScheduleWindow sets it back to the defaults ("").
		"SCHEDULE_MAX_PAST": "876000h", "SCHEDULE_MAX_AHEAD": "876000h",
	}
	for k, v := range env {
		vars[k] = v
	}
	app := &testApp{URL: "http://" + addr, DBURL: dbURL, Stdout: &syncBuffer{}, Stderr: &syncBuffer{}, done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	app.cancel = cancel
	go func() { app.done <- run(ctx, nil, func(k string) string { return vars[k] }, app.Stdout, app.Stderr) }()
	t.Cleanup(func() {
		app.Stop(t)
		// Every page must work under the Content-Security-Policy: a browser
		// test that triggered a violation report fails (docs/CONTRACT.md §5).
		if !app.AllowCSPViolations && strings.Contains(app.Stderr.String(), `"msg":"csp violation"`) {
			t.Errorf("the browser reported Content-Security-Policy violations:\n%s", grepLines(app.Stderr.String(), "csp violation"))
		}
		if t.Failed() {
			t.Logf("app stderr (tail):\n%s", tail(app.Stderr.String(), 4000))
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(app.URL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		select {
		case err := <-app.done:
			t.Fatalf("app exited: %v\n%s", err, app.Stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("app not healthy after 20s\n%s", app.Stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !demo {
		return app
	}
	m := regexp.MustCompile(`as (\S+) with password (\S+)\nAPI key: (\S+)`).FindStringSubmatch(app.Stdout.String())
	if m == nil {
		t.Fatalf("no demo login printed:\n%s", app.Stdout.String())
	}
	app.DemoEmail, app.DemoPassword, app.APIKey = m[1], m[2], m[3]
	return app
}

// Stop ends the app gracefully (as on SIGTERM) and waits for it.
func (a *testApp) Stop(t testing.TB) {
	if a.cancel == nil {
		return
	}
	a.cancel()
	a.cancel = nil
	select {
	case err := <-a.done:
		if err != nil {
			t.Errorf("app exited with error: %v", err)
		}
	case <-time.After(40 * time.Second):
		t.Errorf("app did not stop within 40s")
	}
}

// api calls the JSON API with the demo org's key and returns status and body.
func (a *testApp) api(t testing.TB, method, path, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, a.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+a.APIKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
