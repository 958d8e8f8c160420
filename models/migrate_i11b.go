package models

import "gorm.io/gorm"

// migrateUsers is migration 18: a user's status (invited or active; every
// existing user is active) and the invite links table. Explicit SQL for both
// dialects; each step is a no-op where migration 1 already made it.
func migrateUsers(tx *gorm.DB) error {
	if !tx.Migrator().HasColumn(&User{}, "Status") {
		if err := tx.Exec(`ALTER TABLE users ADD COLUMN status varchar(20) NOT NULL DEFAULT 'active'`).Error; err != nil {
			return err
		}
	}
	ts := "timestamptz"
	if tx.Dialector.Name() == "sqlite" {
		ts = "datetime"
	}
	for _, q := range []string{
		`CREATE TABLE IF NOT EXISTS user_invites (
			id varchar(36) PRIMARY KEY,
			org_id varchar(36) NOT NULL,
			user_id varchar(36) NOT NULL,
			secret_hash varchar(64) NOT NULL,
			created_by varchar(320) NOT NULL,
			expires_at ` + ts + ` NOT NULL,
			used_at ` + ts + `,
			created_at ` + ts + `
		)`,
		`CREATE UNIQUE INDEX IF NOT EXISTS idx_user_invites_secret_hash ON user_invites (secret_hash)`,
		`CREATE INDEX IF NOT EXISTS idx_user_invites_org_id ON user_invites (org_id)`,
		`CREATE INDEX IF NOT EXISTS idx_user_invites_user_id ON user_invites (user_id)`,
	} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}

// migrateAttentionQueue is migration 19: who resolved or dismissed a Needs
// attention item, and each organization's notification webhook with when it
// was last notified (one row per org, claimed atomically so that any number
// of processes send at most one message per interval).
func migrateAttentionQueue(tx *gorm.DB) error {
	ts := "timestamptz"
	if tx.Dialector.Name() == "sqlite" {
		ts = "datetime"
	}
	for _, q := range []string{
		`CREATE TABLE IF NOT EXISTS attention_resolutions (
			id varchar(36) PRIMARY KEY,
			org_id varchar(36) NOT NULL,
			opportunity_id varchar(100) NOT NULL,
			item_kind varchar(20) NOT NULL,
			item_id varchar(36) NOT NULL,
			action varchar(20) NOT NULL,
			note text NOT NULL DEFAULT '',
			actor_email varchar(320) NOT NULL,
			at ` + ts + ` NOT NULL
		)`,
		`CREATE INDEX IF NOT EXISTS idx_attention_resolutions_item ON attention_resolutions (item_id, item_kind)`,
		`CREATE INDEX IF NOT EXISTS idx_attention_resolutions_org_opp ON attention_resolutions (org_id, opportunity_id)`,
		`CREATE TABLE IF NOT EXISTS attention_notify (
			org_id varchar(36) PRIMARY KEY,
			webhook_url varchar(2000) NOT NULL DEFAULT '',
			last_sent_at ` + ts + `,
			notified_through ` + ts + `,
			last_error varchar(1000) NOT NULL DEFAULT '',
			updated_at ` + ts + `
		)`,
	} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}
