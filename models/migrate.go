package models

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
)

// The schema is frozen SQL. Each version's change is a file per dialect,
// migrations/postgres/NNN_name.sql and migrations/sqlite/NNN_name.sql, run
// once in its own transaction; a version may add a data back-fill in Go
// (migration.After) run after its SQL. No migration derives DDL from the
// structs (no AutoMigrate, no Migrator().AddColumn/CreateTable/CreateIndex):
// a struct change therefore needs a new migration, with both files, and
// TestSchemaFrozen fails, naming the field, when a struct has a column no
// migration makes, or when a fresh database and one upgraded from an
// earlier version differ. A file never changes once released: databases
// already past its version never run it again.
//
// Statements end with ";" at the end of a line. On PostgreSQL a column is
// added with ADD COLUMN IF NOT EXISTS; SQLite has no such clause, so an
// "ALTER TABLE t ADD COLUMN c ..." statement is skipped when t already has c
// (databases made by earlier releases, whose first version was created from
// the structs of their day, may have it already).
//
//go:embed migrations
var migrationFiles embed.FS

// schemaMigration records one applied schema version.
type schemaMigration struct {
	Version   int `gorm:"primaryKey;autoIncrement:false"`
	Name      string
	AppliedAt time.Time
}

func (schemaMigration) TableName() string { return "schema_migrations" }

// createSchemaMigrations makes the version table (as GORM made it for
// schemaMigration before the schema was frozen).
var createSchemaMigrations = map[Dialect]string{
	Postgres: `CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL, name text, applied_at timestamptz, PRIMARY KEY (version))`,
	SQLite:   "CREATE TABLE IF NOT EXISTS `schema_migrations` (`version` integer,`name` text,`applied_at` datetime,PRIMARY KEY (`version`))",
}

// migration is one versioned, forward-only schema change: the SQL files of
// Version, then After when set. Each must be safe on a live database with
// data in it (add columns nullable or with defaults, create indexes IF NOT
// EXISTS).
type migration struct {
	Version int
	Name    string
	After   func(tx *gorm.DB) error
}

var migrations = []migration{
	{1, "initial schema", nil},
	{2, "sync log search indexes", nil},
	{3, "audit log", nil},
	{4, "sync log candidates", rebuildSyncCandidates},
	{5, "needs attention indexes", nil},
	{6, "lever values unbounded, shared rate budget, job runners", nil},
	{7, "login failures and webhook rejection counters", nil},
	{9, "default profile and setup done", nil},
	{11, "secrets lifecycle", nil},
	{18, "users: status and invite links", nil},
	{19, "needs attention: resolutions and notifications", nil},
	{20, "sync log outcome codes", nil},
	{21, "webhook health", nil},
	{22, "archive and delete webhooks", nil},
	{23, "write-back user and report files", nil},
	{24, "lever data centre per connection", nil},
	{25, "needs re-authorization reason code", nil},
}

// Migrate applies every schema version not yet recorded, in order, and is
// safe to run at every start and concurrently with itself on PostgreSQL (an
// advisory lock serialises starts).
func (d *DB) Migrate(ctx context.Context) error { return d.migrate(ctx, 0) }

// migrate applies the versions not yet recorded up to and including upTo
// (every version when upTo is 0).
func (d *DB) migrate(ctx context.Context, upTo int) error {
	g := d.Gorm.WithContext(ctx)
	if d.Dialect == Postgres {
		// Session-level advisory lock on one pooled connection.
		conn, err := d.SQL.Conn(ctx)
		if err != nil {
			return fmt.Errorf("models: migrate: %w", err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(727274)`); err != nil {
			return fmt.Errorf("models: migrate lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(727274)`)
	}
	if err := g.Exec(createSchemaMigrations[d.Dialect]).Error; err != nil {
		return fmt.Errorf("models: migrate: %w", err)
	}
	var applied []schemaMigration
	if err := g.Find(&applied).Error; err != nil {
		return fmt.Errorf("models: migrate: %w", err)
	}
	done := map[int]bool{}
	for _, m := range applied {
		done[m.Version] = true
	}
	for _, m := range migrations {
		if upTo > 0 && m.Version > upTo {
			break
		}
		if done[m.Version] {
			continue
		}
		err := g.Transaction(func(tx *gorm.DB) error {
			if err := runMigrationSQL(tx, d.Dialect, m.Version); err != nil {
				return err
			}
			if m.After != nil {
				if err := m.After(tx); err != nil {
					return err
				}
			}
			return tx.Create(&schemaMigration{Version: m.Version, Name: m.Name, AppliedAt: time.Now().UTC()}).Error
		})
		if err != nil {
			return fmt.Errorf("models: migration %d (%s): %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// migrationSQL returns the SQL file of version for dialect; an error when
// there is none or more than one.
func migrationSQL(dialect Dialect, version int) (string, error) {
	names, err := fs.Glob(migrationFiles, fmt.Sprintf("migrations/%s/%03d_*.sql", dialect, version))
	if err != nil || len(names) != 1 {
		return "", fmt.Errorf("want one SQL file for version %d on %s, found %v (%v)", version, dialect, names, err)
	}
	b, err := migrationFiles.ReadFile(names[0])
	return string(b), err
}

// sqliteAddColumn matches SQLite's ADD COLUMN statements, run only when the
// column is missing.
var sqliteAddColumn = regexp.MustCompile(`(?i)^ALTER TABLE\s+(\w+)\s+ADD COLUMN\s+(\w+)\s`)

// runMigrationSQL runs the statements of version's file for dialect in tx.
func runMigrationSQL(tx *gorm.DB, dialect Dialect, version int) error {
	text, err := migrationSQL(dialect, version)
	if err != nil {
		return err
	}
	for _, stmt := range splitSQL(text) {
		if m := sqliteAddColumn.FindStringSubmatch(stmt); m != nil && dialect == SQLite {
			var n int64
			if err := tx.Raw(`SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`, m[1], m[2]).Scan(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				continue
			}
		}
		if err := tx.Exec(stmt).Error; err != nil {
			return fmt.Errorf("%w, in: %s", err, stmt)
		}
	}
	return nil
}

// splitSQL cuts a migration file into statements: each ends with ";" at the
// end of a line; "--" comment lines are dropped.
func splitSQL(text string) []string {
	var stmts []string
	var cur strings.Builder
	for _, line := range strings.Split(text, "\n") {
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			stmts = append(stmts, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		stmts = append(stmts, s)
	}
	return stmts
}
