package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSecondProcessOnSQLiteRefused: while one app serves a SQLite file, a
// second `serve` on the same file stops at once with an error naming
// DATABASE_URL (SQLite serves one process) before it opens the database,
// so nothing of the first one's state is touched; once the first stops,
// the file can be served again.
func TestSecondProcessOnSQLiteRefused(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") != "" {
		t.Skip("SQLite only: PostgreSQL serves any number of processes")
	}
	first := startApp(t, nil)
	env := map[string]string{"LISTEN_ADDR": freeAddr(t), "DATABASE_URL": first.DBURL, "SECRET_KEY": testSecretKey}
	env["PUBLIC_URL"] = "http://" + env["LISTEN_ADDR"]
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := run(ctx, nil, func(k string) string { return env[k] }, &syncBuffer{}, &syncBuffer{})
	if err == nil || !strings.Contains(err.Error(), "DATABASE_URL") || !strings.Contains(err.Error(), "another process") {
		t.Fatalf("second serve = %v, want a refusal naming DATABASE_URL", err)
	}
	// Another name for the same file (a symbolic link) is the same database.
	path, _, _ := strings.Cut(strings.TrimPrefix(first.DBURL, "file:"), "?")
	alias := filepath.Join(t.TempDir(), "alias.db")
	if err := os.Symlink(path, alias); err != nil {
		t.Fatal(err)
	}
	env["DATABASE_URL"] = alias
	err = run(ctx, nil, func(k string) string { return env[k] }, &syncBuffer{}, &syncBuffer{})
	if err == nil || !strings.Contains(err.Error(), "another process") {
		t.Fatalf("second serve through a symbolic link = %v, want the same refusal", err)
	}
	if status, body := first.api(t, "GET", "/healthz", ""); status != 200 {
		t.Fatalf("first app after the refusals: %d %s", status, body)
	}
	first.Stop(t)
	again := startAppWith(t, map[string]string{"DATABASE_URL": first.DBURL}, false)
	if status, _ := again.api(t, "GET", "/healthz", ""); status != 200 {
		t.Errorf("serving the file again after the first stopped: %d", status)
	}
}

// TestSQLiteInNewFolder: a DATABASE_URL whose folder does not exist yet (a
// fresh machine's data/app.db) serves: the folder is made before its lock
// file is taken.
func TestSQLiteInNewFolder(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") != "" {
		t.Skip("SQLite only")
	}
	path := filepath.Join(t.TempDir(), "data", "sub", "app.db")
	app := startAppWith(t, map[string]string{"DATABASE_URL": path}, true)
	if status, body := app.api(t, "GET", "/healthz", ""); status != 200 {
		t.Fatalf("healthz = %d %s", status, body)
	}
	if _, err := os.Stat(path + ".lock"); err != nil {
		t.Errorf("lock file beside the new database: %v", err)
	}
}
