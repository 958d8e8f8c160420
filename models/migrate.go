package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// schemaMigration records one applied schema version.
type schemaMigration struct {
	Version   int `gorm:"primaryKey;autoIncrement:false"`
	Name      string
	AppliedAt time.Time
}

func (schemaMigration) TableName() string { return "schema_migrations" }

// migration is one versioned, forward-only schema change. Each runs in its own
// transaction and must be safe on a live database with data in it (add
// columns nullable or with defaults, create indexes IF NOT EXISTS).
type migration struct {
	Version int
	Name    string
	Up      func(tx *gorm.DB) error
}

var migrations = []migration{
	{1, "initial schema", func(tx *gorm.DB) error {
		if err := tx.AutoMigrate(allModels()...); err != nil {
			return err
		}
		// One active interview per (org, opportunity) (docs/DESIGN.md §2). Partial
		// indexes exist in both PostgreSQL and SQLite.
		return tx.Exec(`CREATE UNIQUE INDEX IF NOT EXISTS idx_interviews_one_active ON interviews (org_id, opportunity_id) WHERE status IN ('to_be_scheduled','scheduled')`).Error
	}},
	{2, "sync log search indexes", func(tx *gorm.DB) error {
		for _, q := range []string{
			`CREATE INDEX IF NOT EXISTS idx_sync_candidate_email ON sync_events (candidate_email)`,
			`CREATE INDEX IF NOT EXISTS idx_sync_candidate_name ON sync_events (candidate_name)`,
		} {
			if err := tx.Exec(q).Error; err != nil {
				return err
			}
		}
		return nil
	}},
	{3, "audit log", func(tx *gorm.DB) error { return tx.AutoMigrate(&AuditEntry{}) }},
	{4, "sync log candidates", migrateSyncCandidates},
	{5, "needs attention indexes", func(tx *gorm.DB) error {
		// Partial indexes of the failed rows CountNeedsAttention reads on
		// every page, and the newer-interview probes it makes.
		for _, q := range []string{
			`CREATE INDEX IF NOT EXISTS idx_deliveries_failed ON webhook_deliveries (org_id, opportunity_id, received_at) WHERE status = 'failed'`,
			`CREATE INDEX IF NOT EXISTS idx_writes_failed ON lever_writes (org_id, opportunity_id) WHERE status = 'failed'`,
			`CREATE INDEX IF NOT EXISTS idx_interviews_unable ON interviews (org_id, opportunity_id, created_at) WHERE status = 'unable_to_schedule'`,
			`CREATE INDEX IF NOT EXISTS idx_interviews_org_opp ON interviews (org_id, opportunity_id, created_at)`,
		} {
			if err := tx.Exec(q).Error; err != nil {
				return err
			}
		}
		return nil
	}},
	{6, "lever values unbounded, shared rate budget, job runners", migrateScale},
	{7, "login failures and webhook rejection counters", migrateSecurity},
	{9, "default profile and setup done", migrateSetupScreens},
	{11, "secrets lifecycle", migrateSecrets},
	{18, "users: status and invite links", migrateUsers},
	{19, "needs attention: resolutions and notifications", migrateAttentionQueue},
	{20, "sync log outcome codes", migrateOutcomeCodes},
	{21, "webhook health", migrateWebhookHealth},
	{22, "archive and delete webhooks", migrateLifecycle},
	{23, "write-back user and report files", migrateWriteBack},
	{24, "lever data centre per connection", migrateRegions},
}

// Migrate applies every schema version not yet recorded, in order, and is
// safe to run at every start and concurrently with itself on PostgreSQL (an
// advisory lock serialises starts).
func (d *DB) Migrate(ctx context.Context) error {
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
	if err := g.AutoMigrate(&schemaMigration{}); err != nil {
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
		if done[m.Version] {
			continue
		}
		err := g.Transaction(func(tx *gorm.DB) error {
			if err := m.Up(tx); err != nil {
				return err
			}
			return tx.Create(&schemaMigration{Version: m.Version, Name: m.Name, AppliedAt: time.Now().UTC()}).Error
		})
		if err != nil {
			return fmt.Errorf("models: migration %d (%s): %w", m.Version, m.Name, err)
		}
	}
	return nil
}
