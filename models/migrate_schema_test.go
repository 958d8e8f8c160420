package models_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm/schema"

	"github.com/intervue/lever-integration/internal/testdb"
	"github.com/intervue/lever-integration/models"
)

// TestSchemaFrozen: a database migrated from empty has the same schema
// (tables, columns with type, nullability and default, indexes with their
// definitions) as one stopped at each earlier version and then migrated the
// rest of the way, and every field of every table struct has its column,
// so a struct change without a migration fails here.
func TestSchemaFrozen(t *testing.T) {
	ctx := context.Background()
	fresh := openEmpty(t)
	if err := fresh.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	want := dumpSchema(t, fresh)
	if err := fresh.Migrate(ctx); err != nil { // again: a no-op
		t.Fatal(err)
	}
	if again := dumpSchema(t, fresh); !slices.Equal(again, want) {
		t.Errorf("a second Migrate changed the schema:\n%s", diffLines(want, again))
	}
	t.Run("struct fields", func(t *testing.T) { checkStructColumns(t, want) })

	vs := models.MigrationVersions()
	for i, v := range vs[:len(vs)-1] {
		t.Run(fmt.Sprintf("from version %d", v), func(t *testing.T) {
			db := openEmpty(t)
			if err := models.MigrateTo(ctx, db, v); err != nil {
				t.Fatal(err)
			}
			var n int64
			if err := db.Gorm.Raw(`SELECT count(*) FROM schema_migrations`).Scan(&n).Error; err != nil || n != int64(i+1) {
				t.Fatalf("at version %d: %d versions recorded (%v), want %d", v, n, err, i+1)
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if got := dumpSchema(t, db); !slices.Equal(got, want) {
				t.Errorf("upgraded from version %d, the schema differs from a fresh one (- fresh, + upgraded):\n%s", v, diffLines(want, got))
			}
		})
	}
}

// TestMigrationFiles: every version has exactly one SQL file per dialect,
// and there is no file of an unknown version.
func TestMigrationFiles(t *testing.T) {
	versions := map[string]bool{}
	for _, v := range models.MigrationVersions() {
		versions[fmt.Sprintf("%03d", v)] = true
	}
	for _, dialect := range []string{"postgres", "sqlite"} {
		entries, err := os.ReadDir(filepath.Join("migrations", dialect))
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, e := range entries {
			p := e.Name()[:min(3, len(e.Name()))]
			if !versions[p] || !strings.HasSuffix(e.Name(), ".sql") {
				t.Errorf("migrations/%s/%s: not a file of a listed version (NNN_name.sql)", dialect, e.Name())
			}
			seen[p]++
		}
		for v := range versions {
			if seen[v] != 1 {
				t.Errorf("migrations/%s: %d files for version %s, want 1", dialect, seen[v], v)
			}
		}
	}
}

// openEmpty opens a new empty database private to t (not migrated).
func openEmpty(t *testing.T) *models.DB {
	t.Helper()
	dsn, _ := testdb.URL(t)
	db, err := models.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// checkStructColumns fails for each field of a table struct that has no
// column in dump.
func checkStructColumns(t *testing.T, dump []string) {
	cols := map[string]bool{}
	for _, l := range dump {
		if f := strings.Fields(l); len(f) >= 4 && f[0] == "column" {
			cols[f[1]+"."+f[2]] = true
		}
	}
	for _, m := range models.TableModels() {
		s, err := schema.Parse(m, &sync.Map{}, schema.NamingStrategy{})
		if err != nil {
			t.Fatal(err)
		}
		typ := reflect.TypeOf(m).Elem()
		for _, f := range s.Fields {
			if f.DBName == "" {
				continue
			}
			if !cols[s.Table+"."+f.DBName] {
				t.Errorf("%s.%s has no column %s.%s in the migrated schema: add a migration (models/migrations/{postgres,sqlite}/NNN_*.sql) that makes it",
					typ, f.Name, s.Table, f.DBName)
			}
		}
	}
}

// dumpSchema describes the schema of db, sorted, one line per column and
// per index:
//
//	column <table> <column> <type> null|not-null default=<expr> [pk=<n>]
//	index <table> <name> <definition>
//
// Column order is not compared (ALTER TABLE appends, so an upgraded table
// orders its columns otherwise than a fresh one); on PostgreSQL the test
// schema's name is cut from index definitions. Nothing else is normalised.
func dumpSchema(t *testing.T, db *models.DB) []string {
	t.Helper()
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	g := db.Gorm
	if db.Dialect == models.Postgres {
		var cols []struct {
			TableName, ColumnName, DataType, IsNullable string
			CharacterMaximumLength                      *int
			ColumnDefault                               *string
		}
		err := g.Raw(`SELECT table_name, column_name, data_type, is_nullable, character_maximum_length, column_default
			FROM information_schema.columns WHERE table_schema = current_schema()`).Scan(&cols).Error
		if err != nil || len(cols) == 0 {
			t.Fatalf("dump columns: %d, %v", len(cols), err)
		}
		for _, c := range cols {
			typ := c.DataType
			if c.CharacterMaximumLength != nil {
				typ += fmt.Sprintf("(%d)", *c.CharacterMaximumLength)
			}
			add("column %s %s %s %s default=%s", c.TableName, c.ColumnName, strings.ReplaceAll(typ, " ", "_"), nullity(c.IsNullable == "NO"), deref(c.ColumnDefault))
		}
		var idx []struct{ Schemaname, Tablename, Indexname, Indexdef string }
		if err := g.Raw(`SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()`).Scan(&idx).Error; err != nil {
			t.Fatal(err)
		}
		for _, i := range idx {
			add("index %s %s %s", i.Tablename, i.Indexname, strings.ReplaceAll(i.Indexdef, " ON "+i.Schemaname+".", " ON "))
		}
		sort.Strings(lines)
		return lines
	}
	var tables []struct{ Name, SQL string }
	if err := g.Raw(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).Scan(&tables).Error; err != nil || len(tables) == 0 {
		t.Fatalf("dump tables: %d, %v", len(tables), err)
	}
	autoinc := regexp.MustCompile(`(?i)\bAUTOINCREMENT\b`)
	for _, tb := range tables {
		var cols []struct {
			Name, Type string
			Notnull    bool
			DfltValue  *string
			Pk         int
		}
		if err := g.Raw(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`, tb.Name).Scan(&cols).Error; err != nil {
			t.Fatal(err)
		}
		for _, c := range cols {
			pk := ""
			if c.Pk > 0 {
				pk = fmt.Sprintf(" pk=%d", c.Pk)
				if autoinc.MatchString(tb.SQL) {
					pk += " autoincrement"
				}
			}
			add("column %s %s %s %s default=%s%s", tb.Name, c.Name, strings.ReplaceAll(c.Type, " ", "_"), nullity(c.Notnull), deref(c.DfltValue), pk)
		}
	}
	var idx []struct {
		TblName, Name string
		SQL           *string
	}
	if err := g.Raw(`SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index'`).Scan(&idx).Error; err != nil {
		t.Fatal(err)
	}
	for _, i := range idx {
		add("index %s %s %s", i.TblName, i.Name, deref(i.SQL))
	}
	sort.Strings(lines)
	return lines
}

func nullity(notNull bool) string {
	if notNull {
		return "not-null"
	}
	return "null"
}

func deref(s *string) string {
	if s == nil {
		return "<none>"
	}
	return *s
}

// diffLines lists the lines only in want (-) and only in got (+).
func diffLines(want, got []string) string {
	var b strings.Builder
	for _, l := range want {
		if !slices.Contains(got, l) {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}

// TestMigrationSetupDone: version 9 marks a connection enabled before it
// as past setup (its data back-fill, on each dialect's booleans), and
// leaves a never-enabled one in setup.
func TestMigrationSetupDone(t *testing.T) {
	ctx := context.Background()
	db := openEmpty(t)
	if err := models.MigrateTo(ctx, db, 7); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		id      string
		enabled bool
	}{{"on", true}, {"off", false}} {
		err := db.Gorm.Exec(`INSERT INTO lever_connections (id, org_id, webhook_key, enabled, updated_at) VALUES (?, ?, ?, ?, ?)`,
			c.id, "org-"+c.id, "key-"+c.id, c.enabled, at).Error
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		ID          string
		SetupDoneAt *time.Time
	}
	if err := db.Gorm.Raw(`SELECT id, setup_done_at FROM lever_connections ORDER BY id`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].ID != "off" || rows[0].SetupDoneAt != nil || rows[1].SetupDoneAt == nil || !rows[1].SetupDoneAt.Equal(at) {
		t.Fatalf("after version 9: %+v", rows)
	}
}
