package models_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/models"
)

// TestSchemaAsReleased compares the frozen migrations, stopped at version
// 24, with the schema the last release before the freeze (commit f957b66,
// whose migration 1 still ran AutoMigrate on its structs) made on an empty
// database: testdata/schema_v24_<dialect>.txt, dumped by dumpSchema from
// that commit's Migrate. So databases created by that release and by this
// code are the same at 24, and the versions after it start from one schema.
// The files never change: a released migration is never edited.
func TestSchemaAsReleased(t *testing.T) {
	db := openEmpty(t)
	if err := models.MigrateTo(context.Background(), db, 24); err != nil {
		t.Fatal(err)
	}
	name := "schema_v24_sqlite.txt"
	if db.Dialect == models.Postgres {
		name = "schema_v24_postgres.txt"
	}
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if got := dumpSchema(t, db); !slices.Equal(got, want) {
		t.Errorf("at version 24 the schema differs from the release's (- release, + frozen migrations):\n%s", diffLines(want, got))
	}
}
