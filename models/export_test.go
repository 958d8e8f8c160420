package models

import "context"

// MigrateTo applies the schema versions of d not yet recorded up to and
// including upTo, for tests that build a database at an earlier version.
func MigrateTo(ctx context.Context, d *DB, upTo int) error { return d.migrate(ctx, upTo) }

// MigrationVersions lists the schema versions in order.
func MigrationVersions() []int {
	var vs []int
	for _, m := range migrations {
		vs = append(vs, m.Version)
	}
	return vs
}

// TableModels returns every struct that has a table, for the schema test.
func TableModels() []any {
	return append(allModels(), &AuditEntry{}, &SyncCandidate{}, &AttentionNotify{}, &AttentionResolution{},
		&LoginFailure{}, &UserInvite{}, &WebhookRejection{}, &schemaMigration{})
}
