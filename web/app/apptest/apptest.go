// Package apptest starts the whole app for a test exactly as the web binary
// assembles it (package app), on a private test database and a free
// loopback port, with the built-in Lever sandbox.
package apptest

import (
	"context"
	"net"
	"testing"

	"github.com/intervue/lever-integration/internal/testdb"
	"github.com/intervue/lever-integration/web/app"
)

// SecretKey is the SECRET_KEY of the apps started here (64 hex characters).
const SecretKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

// Start starts the app until tb ends (then Stop). Its settings are
// PUBLIC_URL and LISTEN_ADDR on a free 127.0.0.1 port, DATABASE_URL a
// database private to tb (testdb.URL: a PostgreSQL schema with
// TEST_DATABASE_URL, else a SQLite file), SECRET_KEY, and then env, whose
// values replace those; "" unsets a setting. o is passed on, with its
// Listener set to the chosen port. A start-up error fails tb at once.
func Start(tb testing.TB, env map[string]string, o app.Options) *app.App {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := ln.Addr().String()
	dbURL, _ := testdb.URL(tb)
	vars := map[string]string{"LISTEN_ADDR": addr, "PUBLIC_URL": "http://" + addr, "DATABASE_URL": dbURL, "SECRET_KEY": SecretKey}
	for k, v := range env {
		vars[k] = v
	}
	o.Listener = ln
	a, err := app.Start(context.Background(), func(k string) string { return vars[k] }, o)
	if err != nil {
		ln.Close()
		tb.Fatalf("app start: %v", err)
	}
	tb.Cleanup(a.Stop)
	return a
}
