package models

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialect names the database engine behind a *gorm.DB.
type Dialect string

// The two supported engines (docs/DESIGN.md §1).
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// DB is an open database with its dialect.
type DB struct {
	Gorm    *gorm.DB
	SQL     *sql.DB
	Dialect Dialect
}

// Open connects to databaseURL: a postgres:// or postgresql:// URL selects
// PostgreSQL, anything else is a SQLite file path (its folder is created). The
// SQLite pool has one connection, because SQLite allows one writer and River's
// SQLite driver asks for it; code must never query outside an open
// transaction on the same goroutine.
func Open(databaseURL string) (*DB, error) {
	cfg := &gorm.Config{Logger: logger.Default.LogMode(logger.Silent), TranslateError: true}
	if strings.HasPrefix(databaseURL, "postgres://") || strings.HasPrefix(databaseURL, "postgresql://") {
		g, err := gorm.Open(postgres.Open(withCustomPlans(databaseURL)), cfg)
		if err != nil {
			return nil, fmt.Errorf("models: open postgres: %w", err)
		}
		sqlDB, err := g.DB()
		if err != nil {
			return nil, fmt.Errorf("models: postgres pool: %w", err)
		}
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(10)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		return &DB{Gorm: g, SQL: sqlDB, Dialect: Postgres}, nil
	}
	if dir := filepath.Dir(databaseURL); dir != "" && databaseURL != ":memory:" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("models: create data folder: %w", err)
		}
	}
	dsn := databaseURL + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"
	if strings.Contains(databaseURL, "?") {
		dsn = databaseURL
	}
	g, err := gorm.Open(sqlite.Open(dsn), cfg)
	if err != nil {
		return nil, fmt.Errorf("models: open sqlite %s: %w", databaseURL, err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("models: sqlite pool: %w", err)
	}
	sqlDB.SetMaxOpenConns(1)
	return &DB{Gorm: g, SQL: sqlDB, Dialect: SQLite}, nil
}

// withCustomPlans asks PostgreSQL to plan every statement with its values
// (plan_cache_mode=force_custom_plan) unless the URL sets plan_cache_mode.
// pgx prepares and caches statements, and after five runs PostgreSQL may
// switch one to a generic plan that cannot see a LIKE prefix or how many rows
// an organization has: the sync log search then scans whole tables (5-10
// times slower at a million events, see BenchmarkSyncLogSearch).
func withCustomPlans(databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil || u.Query().Has("plan_cache_mode") {
		return databaseURL
	}
	q := u.Query()
	q.Set("plan_cache_mode", "force_custom_plan")
	u.RawQuery = q.Encode()
	return u.String()
}

// Close closes the pool.
func (d *DB) Close() error { return d.SQL.Close() }

// Ping reports whether the database answers within ctx.
func (d *DB) Ping(ctx context.Context) error { return d.SQL.PingContext(ctx) }
