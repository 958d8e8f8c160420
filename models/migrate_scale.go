package models

import (
	"gorm.io/gorm"
)

// leverTextColumns are the columns holding values Lever sends (names,
// titles, emails, locations, stage/posting/opportunity ids, URLs, tags):
// Lever documents no length limit for any of them, so on PostgreSQL they are
// unbounded text (a varchar(n) refuses a longer value and the candidate was
// lost). SQLite never enforced the sizes.
var leverTextColumns = map[string][]string{
	"lever_connections":  {"account_id", "lever_user_id", "webhook_id", "stage_to_be_scheduled", "stage_scheduled", "stage_yes", "stage_no", "stage_unable"},
	"lever_stages":       {"id", "text"},
	"lever_postings":     {"id", "text", "state", "team", "location"},
	"posting_profiles":   {"posting_id"},
	"interviews":         {"opportunity_id", "contact_id", "candidate_name", "candidate_email", "lever_url", "posting_id", "posting_title"},
	"lever_writes":       {"opportunity_id", "stage_id", "tag", "lever_note_id"},
	"webhook_deliveries": {"token", "event", "opportunity_id", "from_stage_id", "to_stage_id"},
	"sync_events":        {"opportunity_id", "candidate_name", "candidate_email", "path"},
	"sync_candidates":    {"opportunity_id", "candidate_name", "candidate_email", "name_lower", "name_tail", "email_lower"},
}

// migrateScale is migration 6: Lever-sourced columns become text on
// PostgreSQL (varchar(n) to text is binary compatible: no table rewrite, no
// index rebuild), and the tables shared by every process are created: the
// Lever request budget per account (ReserveRate) and the job runners'
// heartbeats (RescueDeadRunners).
func migrateScale(tx *gorm.DB) error {
	if tx.Dialector.Name() == string(Postgres) {
		for table, cols := range leverTextColumns {
			for _, col := range cols {
				if !tx.Migrator().HasColumn(table, col) {
					continue
				}
				if err := tx.Exec(`ALTER TABLE ` + table + ` ALTER COLUMN ` + col + ` TYPE text`).Error; err != nil {
					return err
				}
			}
		}
	}
	for _, q := range []string{
		`CREATE TABLE IF NOT EXISTS lever_rate_budgets (
			account_key text NOT NULL PRIMARY KEY,
			tat_us bigint NOT NULL DEFAULT 0,
			paused_until_us bigint NOT NULL DEFAULT 0,
			reserved_at_us bigint NOT NULL DEFAULT 0)`,
		`CREATE TABLE IF NOT EXISTS job_runners (
			client_id text NOT NULL PRIMARY KEY,
			beat_ms bigint NOT NULL,
			started_ms bigint NOT NULL)`,
	} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}
