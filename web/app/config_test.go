package app

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/lever"
)

// TestLeverRegionsConfig: LEVER_ENV chooses the hosts of the whole
// deployment; the built-in sandbox and production offer the US and the EU
// data centre, Lever's hosted sandbox the US one, and a custom US API base
// without LEVER_EU_API_URL offers no EU data centre.
func TestLeverRegionsConfig(t *testing.T) {
	app := map[string]string{"LEVER_CLIENT_ID": "id", "LEVER_CLIENT_SECRET": "secret", "PUBLIC_URL": "https://app.example", "SECRET_KEY": "0000000000000000000000000000000000000000000000000000000000000000"}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name   string
		env    map[string]string
		us, eu lever.Hosts // eu zero: not offered
	}{
		{"BuiltInSandbox", map[string]string{"PUBLIC_URL": "http://localhost:8080", "SECRET_KEY": app["SECRET_KEY"]},
			lever.Hosts{AuthURL: "http://localhost:8080/sandbox/lever", APIURL: "http://localhost:8080/sandbox/lever/v1"},
			lever.Hosts{AuthURL: "http://localhost:8080/sandbox/lever/eu", APIURL: "http://localhost:8080/sandbox/lever/eu/v1"}},
		{"Production", app,
			lever.Hosts{AuthURL: "https://auth.lever.co", APIURL: "https://api.lever.co/v1"},
			lever.Hosts{AuthURL: "https://auth.lever.co", APIURL: "https://api.eu.lever.co/v1"}},
		{"LeverSandbox", with(app, "LEVER_ENV", "sandbox"),
			lever.Hosts{AuthURL: "https://sandbox-lever.auth0.com", APIURL: "https://api.sandbox.lever.co/v1"}, lever.Hosts{}},
		{"CustomUSOnly", with(app, "LEVER_AUTH_URL", "http://127.0.0.1:9", "LEVER_API_URL", "http://127.0.0.1:9/v1"),
			lever.Hosts{AuthURL: "http://127.0.0.1:9", APIURL: "http://127.0.0.1:9/v1"}, lever.Hosts{}},
		{"CustomBoth", with(app, "LEVER_AUTH_URL", "http://127.0.0.1:9", "LEVER_API_URL", "http://127.0.0.1:9/v1", "LEVER_EU_API_URL", "http://127.0.0.1:10/v1/"),
			lever.Hosts{AuthURL: "http://127.0.0.1:9", APIURL: "http://127.0.0.1:9/v1"},
			lever.Hosts{AuthURL: "http://127.0.0.1:9", APIURL: "http://127.0.0.1:10/v1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			cfg, err := LoadConfig(func(k string) string { return tt.env[k] }, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Regions[lever.RegionUS] != tt.us || cfg.Hosts != tt.us {
				t.Errorf("US hosts %+v, want %+v", cfg.Regions[lever.RegionUS], tt.us)
			}
			if eu, ok := cfg.Regions[lever.RegionEU]; eu != tt.eu || ok != (tt.eu != lever.Hosts{}) {
				t.Errorf("EU hosts %+v (offered %v), want %+v", eu, ok, tt.eu)
			}
		})
	}
}

// TestBadLeverURLsRefused: a Lever host setting that is not an absolute
// https:// URL (http:// only on loopback) stops the app with an error
// naming the setting; good ones are taken.
func TestBadLeverURLsRefused(t *testing.T) {
	base := map[string]string{"LEVER_CLIENT_ID": "id", "LEVER_CLIENT_SECRET": "secret", "PUBLIC_URL": "https://app.example", "SECRET_KEY": "0000000000000000000000000000000000000000000000000000000000000000"}
	for _, tt := range []struct{ name, value string }{
		{"LEVER_AUTH_URL", "notaurl"},
		{"LEVER_API_URL", "ftp://x"},
		{"LEVER_EU_API_URL", "::bad"},
		{"LEVER_EU_AUTH_URL", "http://auth.eu.lever.example"},
		{"LEVER_AUTH_URL", "https://user:pw@auth.lever.example"},
	} {
		env := map[string]string{tt.name: tt.value}
		for k, v := range base {
			env[k] = v
		}
		_, err := LoadConfig(func(k string) string { return env[k] }, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%s=%q: %v, want an error naming %s", tt.name, tt.value, err, tt.name)
		}
	}
	for _, good := range []string{"https://auth.lever.example", "http://127.0.0.1:9/auth", "http://localhost:8080/x"} {
		env := map[string]string{"LEVER_AUTH_URL": good}
		for k, v := range base {
			env[k] = v
		}
		if _, err := LoadConfig(func(k string) string { return env[k] }, io.Discard); err != nil {
			t.Errorf("LEVER_AUTH_URL=%q refused: %v", good, err)
		}
	}
}

// TestBadClientIPHeaderRefused: CLIENT_IP_HEADER must be a header name.
func TestBadClientIPHeaderRefused(t *testing.T) {
	for v, ok := range map[string]bool{"X-Forwarded-For": true, "CF-Connecting-IP": true, "bad header": false, "X:Y": false} {
		env := map[string]string{"PUBLIC_URL": "http://127.0.0.1:8080", "SECRET_KEY": "0000000000000000000000000000000000000000000000000000000000000000", "CLIENT_IP_HEADER": v}
		_, err := LoadConfig(func(k string) string { return env[k] }, io.Discard)
		if ok != (err == nil) || (err != nil && !strings.Contains(err.Error(), "CLIENT_IP_HEADER")) {
			t.Errorf("CLIENT_IP_HEADER=%q: %v", v, err)
		}
	}
}

// TestBadDatabaseAndPublicURLRefused: a DATABASE_URL with a scheme this app
// does not use (it used to become a new SQLite file named after it) and a
// PUBLIC_URL with a query, fragment or user stop the app with an error
// naming the setting; a file path and postgres:// URLs are taken.
func TestBadDatabaseAndPublicURLRefused(t *testing.T) {
	base := map[string]string{"PUBLIC_URL": "http://127.0.0.1:8080", "SECRET_KEY": "0000000000000000000000000000000000000000000000000000000000000000"}
	load := func(k, v string) error {
		env := map[string]string{k: v}
		for bk, bv := range base {
			if bk != k {
				env[bk] = bv
			}
		}
		_, err := LoadConfig(func(k string) string { return env[k] }, io.Discard)
		return err
	}
	for _, tt := range []struct {
		name, value string
		ok          bool
	}{
		{"DATABASE_URL", "mysql://u@127.0.0.1/x", false},
		{"DATABASE_URL", "sqlite:///abs/app.db", false},
		{"DATABASE_URL", "file:/tmp/app.db", false},
		{"DATABASE_URL", "Postgres://postgres@127.0.0.1/x", false},
		{"DATABASE_URL", " postgres://postgres@127.0.0.1:5432/x", false},
		{"DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x ", false},
		{"DATABASE_URL", "data/postgres://x", false},
		{"DATABASE_URL", filepath.Join(t.TempDir(), "app.db"), true},
		{"DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x", true},
		{"DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/x", true},
		{"PUBLIC_URL", "http://127.0.0.1:8080/app?x=1", false},
		{"PUBLIC_URL", "http://127.0.0.1:8080/#f", false},
		{"PUBLIC_URL", "http://u:p@127.0.0.1:8080", false},
		{"PUBLIC_URL", "http://127.0.0.1:8080/app", true},
	} {
		err := load(tt.name, tt.value)
		if tt.ok != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.name)) {
			t.Errorf("%s=%q: %v (want ok=%v, an error naming %s)", tt.name, tt.value, err, tt.ok, tt.name)
		}
	}
}

// TestSettingsBelowTheirFloorRefused: a METRICS_TOKEN short enough to guess
// and a RESCUE_STUCK_JOBS_AFTER too short for any job to finish stop the app
// naming the setting.
func TestSettingsBelowTheirFloorRefused(t *testing.T) {
	for _, tt := range []struct {
		name, value string
		ok          bool
	}{
		{"METRICS_TOKEN", "m", false},
		{"METRICS_TOKEN", "0123456789abcde", false},
		{"METRICS_TOKEN", "0123456789abcdef", true},
		{"RESCUE_STUCK_JOBS_AFTER", "1s", false},
		{"RESCUE_STUCK_JOBS_AFTER", "4999ms", false},
		{"RESCUE_STUCK_JOBS_AFTER", "5s", true},
	} {
		env := map[string]string{"PUBLIC_URL": "http://127.0.0.1:8080", "SECRET_KEY": "0000000000000000000000000000000000000000000000000000000000000000", tt.name: tt.value}
		_, err := LoadConfig(func(k string) string { return env[k] }, io.Discard)
		if tt.ok != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.name)) {
			t.Errorf("%s=%q: %v (want ok=%v, an error naming %s)", tt.name, tt.value, err, tt.ok, tt.name)
		}
	}
}

// TestRefusedSetupLeavesNoKeyFile: a setup refused at start (here: no Lever
// app on a public https URL) does not generate a secret key file beside the
// SQLite database; an accepted one does.
func TestRefusedSetupLeavesNoKeyFile(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PUBLIC_URL": "https://app.example.com", "DATABASE_URL": filepath.Join(dir, "app.db")}
	c, err := LoadConfig(func(k string) string { return env[k] }, io.Discard)
	if err != nil || c.SandboxRefusal == nil {
		t.Fatalf("LoadConfig = %v, refusal %v; want a sandbox refusal", err, c.SandboxRefusal)
	}
	if _, err := os.Stat(filepath.Join(dir, "secret.key")); !os.IsNotExist(err) {
		t.Errorf("refused setup left a key file (stat: %v)", err)
	}
	// bootstrap and users add open the database the same way: refused too,
	// not run with an empty key.
	if _, _, err := OpenDB(context.Background(), c); err == nil || err.Error() != c.SandboxRefusal.Error() {
		t.Errorf("OpenDB on the refused setup = %v, want the refusal", err)
	}
	env["PUBLIC_URL"] = "http://127.0.0.1:8080"
	if c, err = LoadConfig(func(k string) string { return env[k] }, io.Discard); err != nil || len(c.SecretKey) != 32 {
		t.Fatalf("LoadConfig = %v, key %d bytes", err, len(c.SecretKey))
	}
	if _, err := os.Stat(filepath.Join(dir, "secret.key")); err != nil {
		t.Errorf("accepted setup has no key file: %v", err)
	}
}

// TestSecretKeyRequiredWithLever: with a real Lever app (LEVER_CLIENT_ID)
// on SQLite an unset SECRET_KEY stops the app naming it and writes no key
// file: the Lever tokens are never encrypted with a generated key.
func TestSecretKeyRequiredWithLever(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PUBLIC_URL": "https://app.example.com", "DATABASE_URL": filepath.Join(dir, "app.db"),
		"LEVER_CLIENT_ID": "id", "LEVER_CLIENT_SECRET": "secret"}
	if _, err := LoadConfig(func(k string) string { return env[k] }, io.Discard); err == nil || !strings.Contains(err.Error(), "SECRET_KEY") {
		t.Errorf("LoadConfig = %v, want an error naming SECRET_KEY", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "secret.key")); !os.IsNotExist(err) {
		t.Errorf("a key file was written (stat: %v)", err)
	}
}

// TestListenPortWithoutPublicURLWarned: LISTEN_ADDR on another port than
// the default PUBLIC_URL's, with PUBLIC_URL unset, warns naming both
// settings (the OAuth callback and links would point at port 8080); with
// PUBLIC_URL set, or on port 8080, nothing is said.
func TestListenPortWithoutPublicURLWarned(t *testing.T) {
	for _, tt := range []struct {
		listen, public string
		warned         bool
	}{
		{":9090", "", true},
		{"127.0.0.1:9090", "", true},
		{":8080", "", false},
		{":9090", "http://localhost:9090", false},
	} {
		env := map[string]string{"LISTEN_ADDR": tt.listen, "PUBLIC_URL": tt.public, "SECRET_KEY": "0000000000000000000000000000000000000000000000000000000000000000"}
		var warn strings.Builder
		if _, err := LoadConfig(func(k string) string { return env[k] }, &warn); err != nil {
			t.Fatalf("%v: %v", tt, err)
		}
		got := strings.Contains(warn.String(), "PUBLIC_URL is not set") && strings.Contains(warn.String(), "LISTEN_ADDR "+tt.listen)
		if got != tt.warned {
			t.Errorf("LISTEN_ADDR=%q PUBLIC_URL=%q: warnings %q, want warned=%v", tt.listen, tt.public, warn.String(), tt.warned)
		}
	}
}
