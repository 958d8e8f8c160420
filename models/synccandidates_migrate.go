package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// RebuildSyncCandidates refills sync_candidates from sync_events (the
// migration's backfill; safe to run again, for example after a restore).
func (s *Store) RebuildSyncCandidates(ctx context.Context) error {
	if err := s.tx(ctx, rebuildSyncCandidates); err != nil {
		return fmt.Errorf("models: rebuild sync candidates: %w", err)
	}
	return nil
}

func rebuildSyncCandidates(tx *gorm.DB) error {
	if err := tx.Exec(`DELETE FROM sync_candidates`).Error; err != nil {
		return err
	}
	pos := "instr(n.nl, ' ')"
	if tx.Dialector.Name() == string(Postgres) {
		pos = "strpos(n.nl, ' ')"
	}
	// One pass over the events: counts and the ids of the latest event and of
	// the latest events that named the candidate and gave their email.
	err := tx.Exec(`INSERT INTO sync_candidates (org_id, opportunity_id, candidate_name, candidate_email, name_lower, name_tail, email_lower,
			first_at, last_at, last_kind, last_status, last_message, events, failures)
		SELECT a.org_id, a.opportunity_id, COALESCE(n.candidate_name, ''), COALESCE(m.candidate_email, ''), COALESCE(n.nl, ''),
			CASE WHEN ` + pos + ` > 0 THEN substr(n.nl, ` + pos + ` + 1) ELSE '' END, LOWER(COALESCE(m.candidate_email, '')),
			a.first_at, a.last_at, l.kind, l.status, substr(COALESCE(l.message, ''), 1, 500), a.events, a.failures
		FROM (SELECT org_id, opportunity_id, MIN(at) AS first_at, MAX(at) AS last_at, COUNT(*) AS events,
				SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failures, MAX(id) AS last_id,
				MAX(CASE WHEN candidate_name <> '' THEN id END) AS named_id,
				MAX(CASE WHEN candidate_email <> '' THEN id END) AS mailed_id
			FROM sync_events WHERE opportunity_id <> '' GROUP BY org_id, opportunity_id) a
		JOIN sync_events l ON l.id = a.last_id
		LEFT JOIN (SELECT id, candidate_name, LOWER(TRIM(candidate_name)) AS nl FROM sync_events) n ON n.id = a.named_id
		LEFT JOIN sync_events m ON m.id = a.mailed_id`).Error
	if err != nil {
		return err
	}
	return renormalizeSyncCandidates(tx)
}

// renormalizeSyncCandidates recomputes the search columns in Go where SQL's
// LOWER and TRIM differ from normalize (white space inside names; SQLite's
// LOWER folds ASCII only).
func renormalizeSyncCandidates(tx *gorm.DB) error {
	rows, err := tx.Model(&SyncCandidate{}).Select("org_id, opportunity_id, candidate_name, candidate_email, name_lower, name_tail, email_lower").Rows()
	if err != nil {
		return err
	}
	var fix []SyncCandidate
	for rows.Next() {
		var c SyncCandidate
		if err := rows.Scan(&c.OrgID, &c.OpportunityID, &c.CandidateName, &c.CandidateEmail, &c.NameLower, &c.NameTail, &c.EmailLower); err != nil {
			rows.Close()
			return err
		}
		nl, el := normalize(c.CandidateName), normalize(c.CandidateEmail)
		if nl != c.NameLower || nameTail(nl) != c.NameTail || el != c.EmailLower {
			c.NameLower, c.NameTail, c.EmailLower = nl, nameTail(nl), el
			fix = append(fix, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range fix {
		err := tx.Model(&SyncCandidate{}).Where("org_id = ? AND opportunity_id = ?", c.OrgID, c.OpportunityID).
			Updates(map[string]any{"name_lower": c.NameLower, "name_tail": c.NameTail, "email_lower": c.EmailLower}).Error
		if err != nil {
			return err
		}
	}
	return nil
}
