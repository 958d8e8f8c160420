// Package testdb opens an isolated, migrated database for one test: a fresh
// PostgreSQL schema on TEST_DATABASE_URL when it is set, otherwise a SQLite
// file in the test's temp folder. CI runs the suite once each way.
package testdb

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/models"
)

// URL returns a database URL private to t (dropped at cleanup) and the dialect.
func URL(tb testing.TB) (string, models.Dialect) {
	tb.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		return filepath.Join(tb.TempDir(), "test.db"), models.SQLite
	}
	schema := "t_" + models.RandomToken(6)
	admin, err := models.Open(base)
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	if err := admin.Gorm.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		tb.Fatalf("testdb: create schema: %v", err)
	}
	tb.Cleanup(func() {
		admin.Gorm.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("testdb: TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), models.Postgres
}

// Open returns a migrated database private to t, closed at cleanup.
func Open(tb testing.TB) *models.DB {
	tb.Helper()
	dsn, _ := URL(tb)
	db, err := models.Open(dsn)
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	return db
}

// Sealer returns a fixed-key sealer for tests.
func Sealer(tb testing.TB) *models.Sealer {
	s, err := models.NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// Describe names the database a test runs on, for messages.
func Describe() string {
	if os.Getenv("TEST_DATABASE_URL") != "" {
		return "postgres"
	}
	return fmt.Sprint("sqlite")
}
