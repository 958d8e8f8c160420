package models

import "gorm.io/gorm"

// migrateOutcomeCodes is migration 20: the typed outcome of each sync-log
// row (code and its parameters as JSON text) and the code of a delivery's
// reason and a write's result. Additive and safe on a live database: each
// column is added with a constant default (no table rewrite on PostgreSQL
// 11+), so rows written before keep their text and get code "". A no-op
// where migration 1 already made the columns.
func migrateOutcomeCodes(tx *gorm.DB) error {
	for _, c := range []struct{ table, col, ddl string }{
		{"sync_events", "code", "varchar(60) NOT NULL DEFAULT ''"},
		{"sync_events", "params", "text NOT NULL DEFAULT ''"},
		{"webhook_deliveries", "reason_code", "varchar(60) NOT NULL DEFAULT ''"},
		{"lever_writes", "result_code", "varchar(60) NOT NULL DEFAULT ''"},
	} {
		if tx.Migrator().HasColumn(c.table, c.col) {
			continue
		}
		if err := tx.Exec(`ALTER TABLE ` + c.table + ` ADD COLUMN ` + c.col + ` ` + c.ddl).Error; err != nil {
			return err
		}
	}
	return nil
}
