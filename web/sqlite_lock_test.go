package main

import (
	"context"
	"os"
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
	if status, body := first.api(t, "GET", "/healthz", ""); status != 200 {
		t.Fatalf("first app after the refusal: %d %s", status, body)
	}
	first.Stop(t)
	again := startAppWith(t, map[string]string{"DATABASE_URL": first.DBURL}, false)
	if status, _ := again.api(t, "GET", "/healthz", ""); status != 200 {
		t.Errorf("serving the file again after the first stopped: %d", status)
	}
}
