package main

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/models"
	webapp "github.com/intervue/lever-integration/web/app"
)

// realLeverEnv configures a real Lever app (hosts that are never called
// during these tests).
var realLeverEnv = map[string]string{
	"LEVER_CLIENT_ID": "real-client", "LEVER_CLIENT_SECRET": "real-secret",
	"LEVER_AUTH_URL": "http://127.0.0.1:9/auth", "LEVER_API_URL": "http://127.0.0.1:9/v1",
}

// TestSandboxRefusedOutsideLocalSetup: with LEVER_CLIENT_ID unset the
// process serves the sandbox only on an http:// loopback PUBLIC_URL or with
// SANDBOX=1; otherwise run returns, within seconds and before touching the
// database, an error naming LEVER_CLIENT_ID and SANDBOX (docs/CONTRACT.md §5).
func TestSandboxRefusedOutsideLocalSetup(t *testing.T) {
	refused := []map[string]string{
		{"PUBLIC_URL": "https://app.example.com"},
		{"PUBLIC_URL": "http://app.example.com"},
		{"PUBLIC_URL": "http://10.0.0.5:8080"},
		{"PUBLIC_URL": "http://localhost.evil.example:8080"},
		{"PUBLIC_URL": "https://localhost:8443"},
		{"PUBLIC_URL": "https://app.example.com", "SANDBOX": "0"},
	}
	for _, env := range refused {
		t.Run(env["PUBLIC_URL"]+"/SANDBOX="+env["SANDBOX"], func(t *testing.T) {
			env["LISTEN_ADDR"] = freeAddr(t)
			env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none" // never opened
			env["SECRET_KEY"] = testSecretKey
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			start := time.Now()
			err := run(ctx, nil, func(k string) string { return env[k] }, &syncBuffer{}, &syncBuffer{})
			if err == nil || !strings.Contains(err.Error(), "LEVER_CLIENT_ID") || !strings.Contains(err.Error(), "SANDBOX") {
				t.Fatalf("run = %v, want a refusal naming LEVER_CLIENT_ID and SANDBOX", err)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("refusal took %s", d)
			}
		})
	}
	t.Run("SandboxAndClientID", func(t *testing.T) {
		env := map[string]string{"SANDBOX": "1", "LISTEN_ADDR": freeAddr(t), "SECRET_KEY": testSecretKey, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
		for k, v := range realLeverEnv {
			env[k] = v
		}
		err := run(context.Background(), nil, func(k string) string { return env[k] }, &syncBuffer{}, &syncBuffer{})
		if err == nil || !strings.Contains(err.Error(), "SANDBOX=1 and LEVER_CLIENT_ID") {
			t.Fatalf("run = %v", err)
		}
	})
	t.Run("BadSandboxValue", func(t *testing.T) {
		env := map[string]string{"SANDBOX": "yes please", "LISTEN_ADDR": freeAddr(t), "SECRET_KEY": testSecretKey}
		err := run(context.Background(), nil, func(k string) string { return env[k] }, &syncBuffer{}, &syncBuffer{})
		if err == nil || !strings.Contains(err.Error(), "SANDBOX must be 1, true, on or yes, or 0") {
			t.Fatalf("run = %v", err)
		}
	})
}

// TestSandboxAllowedInLocalOrExplicitSetup: the laptop default, other
// loopback spellings and an explicit SANDBOX=1 serve the sandbox and the
// demo organization.
func TestSandboxAllowedInLocalOrExplicitSetup(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"Localhost":       {"PUBLIC_URL": "http://localhost:%s"},
		"Loopback127":     {"PUBLIC_URL": "http://127.0.0.2:%s"},
		"ExplicitSandbox": {"PUBLIC_URL": "https://sandbox.example.com", "SANDBOX": "1"},
	} {
		t.Run(name, func(t *testing.T) {
			addr := freeAddr(t)
			_, port, _ := net.SplitHostPort(addr)
			env["LISTEN_ADDR"] = addr
			env["PUBLIC_URL"] = strings.ReplaceAll(env["PUBLIC_URL"], "%s", port)
			app := startApp(t, env)
			if app.DemoEmail != webapp.DemoEmail {
				t.Fatalf("demo login %q", app.DemoEmail)
			}
			resp, _ := get(t, app, login(t, app, app.DemoEmail, app.DemoPassword), "/sandbox/lever/pipeline")
			if resp.StatusCode != 200 {
				t.Fatalf("sandbox pipeline = %d", resp.StatusCode)
			}
		})
	}
}

// TestHelperServe is not a test: TestRefusalExitsTheProcess runs the test
// binary with WEB_HELPER_MAIN=1 to run the real main().
func TestHelperServe(t *testing.T) {
	if os.Getenv("WEB_HELPER_MAIN") != "1" {
		t.Skip("helper process only")
	}
	os.Args = []string{"web"}
	main()
}

// TestRefusalExitsTheProcess: the real process exits with status 1 within
// seconds, printing the reason on stderr.
func TestRefusalExitsTheProcess(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperServe$")
	cmd.Env = append(os.Environ(), "WEB_HELPER_MAIN=1", "PUBLIC_URL=https://app.example.com", "LEVER_CLIENT_ID=",
		"LISTEN_ADDR="+freeAddr(t), "SECRET_KEY="+testSecretKey, "DATABASE_URL=postgres://nobody@127.0.0.1:1/none", "SANDBOX=")
	var stderr syncBuffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit = %v, want status 1\n%s", err, stderr.String())
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s to exit", d)
	}
	if msg := stderr.String(); !strings.Contains(msg, "LEVER_CLIENT_ID") || !strings.Contains(msg, "SANDBOX") {
		t.Errorf("stderr does not name LEVER_CLIENT_ID and SANDBOX:\n%s", msg)
	}
}

// TestDemoUserNeverStaffOutsideSandbox: a database first run as a sandbox
// demo (demo user is staff) keeps no staff demo login once a real Lever app
// is configured, and a real Lever app on an empty database creates no demo
// organization at all.
func TestDemoUserNeverStaffOutsideSandbox(t *testing.T) {
	demo := startApp(t, nil)
	store := openStore(t, demo)
	ctx := context.Background()
	role := func() string {
		var u models.User
		if err := store.Gorm().Where("email = ?", webapp.DemoEmail).First(&u).Error; err != nil {
			t.Fatal(err)
		}
		return u.PlatformRole
	}
	if role() != models.PlatformRoleSupport {
		t.Fatalf("sandbox demo user role = %q, want staff", role())
	}
	demo.Stop(t)

	env := map[string]string{"DATABASE_URL": demo.DBURL}
	for k, v := range realLeverEnv {
		env[k] = v
	}
	real := startAppWith(t, env, false)
	if role() != "" {
		t.Fatalf("with a real Lever app the demo user is still %q", role())
	}
	if !strings.Contains(real.Stderr.String(), "demo user is no longer platform staff") {
		t.Error("no warning about the demoted demo user")
	}
	real.Stop(t)

	fresh := startAppWith(t, realLeverEnv, false)
	if strings.Contains(fresh.Stdout.String(), "Demo organization") {
		t.Fatalf("a real Lever app created the demo organization:\n%s", fresh.Stdout.String())
	}
	if n, err := openStore(t, fresh).CountOrganizations(ctx); err != nil || n != 0 {
		t.Fatalf("organizations on a fresh real-Lever database = %d, %v", n, err)
	}
}

// TestWrongSecretKeyRefused: a database whose Lever tokens and report links
// were encrypted with one SECRET_KEY does not start with another: the app
// stops naming SECRET_KEY instead of serving with every stored secret
// unreadable; with its own key it serves again.
func TestWrongSecretKeyRefused(t *testing.T) {
	t.Parallel()
	first := startApp(t, nil)
	owner := login(t, first, first.DemoEmail, first.DemoPassword)
	connectAndMap(t, first, owner) // stores encrypted Lever tokens
	first.Stop(t)

	env := map[string]string{"LISTEN_ADDR": freeAddr(t), "DATABASE_URL": first.DBURL,
		"SECRET_KEY": strings.Repeat("ab", 32)}
	env["PUBLIC_URL"] = "http://" + env["LISTEN_ADDR"]
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := run(ctx, nil, func(k string) string { return env[k] }, &syncBuffer{}, &syncBuffer{})
	if err == nil || !strings.HasPrefix(err.Error(), "SECRET_KEY:") || !strings.Contains(err.Error(), "another key") {
		t.Fatalf("start with another SECRET_KEY = %v, want a refusal naming SECRET_KEY", err)
	}
	again := startAppWith(t, map[string]string{"DATABASE_URL": first.DBURL}, false)
	again.APIKey = first.APIKey
	// (The built-in sandbox forgot its grants at the restart, so the
	// connection reads needs_reauth: that is the sandbox, not the key.)
	if status, body := again.api(t, "GET", "/api/v1/lever", ""); status != 200 || !strings.Contains(body, `"lever_account_id":"acct-sandbox-demo"`) {
		t.Fatalf("with its own key: %d %s", status, body)
	}
}
