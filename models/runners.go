package models

import (
	"context"
	"fmt"
	"time"
)

// Job runners are the River clients of the deployment's processes. Each
// records a heartbeat in job_runners (migration 6); a process that stops
// beating (killed) is dead, and the jobs it was running are made available
// again at once by any live process (RescueDeadRunners), instead of waiting
// for River's rescuer. Times are the database's clock in milliseconds.

func (s *Store) nowMS() string {
	if s.dialect == Postgres {
		return `(extract(epoch from clock_timestamp())*1000)::bigint`
	}
	return `CAST((julianday('now') - 2440587.5)*86400000 AS INTEGER)`
}

// BeatRunner records that the runner clientID is alive now.
func (s *Store) BeatRunner(ctx context.Context, clientID string) error {
	err := s.db.WithContext(ctx).Exec(`INSERT INTO job_runners (client_id, beat_ms, started_ms) VALUES (?, `+s.nowMS()+`, `+s.nowMS()+`)
		ON CONFLICT (client_id) DO UPDATE SET beat_ms = excluded.beat_ms`, clientID).Error
	if err != nil {
		return fmt.Errorf("models: runner heartbeat: %w", err)
	}
	return nil
}

// ForgetRunner removes a runner that stopped cleanly.
func (s *Store) ForgetRunner(ctx context.Context, clientID string) error {
	if err := s.db.WithContext(ctx).Exec(`DELETE FROM job_runners WHERE client_id = ?`, clientID).Error; err != nil {
		return fmt.Errorf("models: forget runner: %w", err)
	}
	return nil
}

// RescueDeadRunners makes the running River jobs of runners silent for
// longer than deadAfter available again now (attempts left only; River's
// rescuer handles the rest), forgets runners silent for an hour, and
// returns how many jobs it rescued. Our jobs are idempotent (the delivery's
// status, the write ledger and its lease), so a job run again after a
// false alarm does no harm.
func (s *Store) RescueDeadRunners(ctx context.Context, deadAfter time.Duration) (int64, error) {
	last := `attempted_by[array_length(attempted_by, 1)]`
	now := `now()`
	if s.dialect == SQLite {
		last = `json_extract(attempted_by, '$[#-1]')`
		now = `datetime('now', 'subsec')`
	}
	res := s.db.WithContext(ctx).Exec(`UPDATE river_job SET state = 'available', scheduled_at = `+now+`
		WHERE state = 'running' AND attempt < max_attempts AND `+last+` IN
			(SELECT client_id FROM job_runners WHERE beat_ms < `+s.nowMS()+` - ?)`, deadAfter.Milliseconds())
	if res.Error != nil {
		return 0, fmt.Errorf("models: rescue jobs of dead runners: %w", res.Error)
	}
	if err := s.db.WithContext(ctx).Exec(`DELETE FROM job_runners WHERE beat_ms < `+s.nowMS()+` - ?`, time.Hour.Milliseconds()).Error; err != nil {
		return res.RowsAffected, fmt.Errorf("models: forget dead runners: %w", err)
	}
	return res.RowsAffected, nil
}
