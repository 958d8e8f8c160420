package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// The Lever request budget of one Lever account, shared by every process of
// the deployment (docs/DESIGN.md §3, docs/LEVER_API.md §5). It is a token
// bucket kept as one row per account in lever_rate_budgets (migration 6),
// in the form of the generic cell rate algorithm: tat_us is the theoretical
// arrival time of the next request, in microseconds of the database's clock
// (so processes on several hosts agree on time). A request reserved at
// database time now with emission interval T = 1/rate and tolerance
// tau = (burst-1)*T may be sent at max(now, tat-tau), and moves tat to
// max(tat, now)+T. One UPDATE ... RETURNING per request, no lock held
// while waiting: a caller sleeps until its own slot.

// RateSlot is one reserved request slot of an account's budget.
type RateSlot struct {
	// Wait is how long the caller must wait before sending (0: send now).
	Wait time.Duration
	key  string
	tat  int64 // tat_us after this reservation, to give the slot back
	step int64 // emission interval T in microseconds
}

// nowUS is the database clock in microseconds since the Unix epoch.
func (s *Store) nowUS() string {
	if s.dialect == Postgres {
		return `(extract(epoch from clock_timestamp())*1000000)::bigint`
	}
	return `CAST((julianday('now') - 2440587.5)*86400000000 AS INTEGER)`
}

// ReserveRate reserves the next request slot of the budget key (a Lever
// account id) at rate requests per second with bursts of burst. The row is
// created on first use. It returns how long to wait before sending.
func (s *Store) ReserveRate(ctx context.Context, key string, rate float64, burst int) (*RateSlot, error) {
	if rate <= 0 || burst < 1 {
		return nil, errors.New("models: reserve rate: rate and burst must be positive")
	}
	step := int64(float64(time.Second/time.Microsecond) / rate)
	tau := int64(burst-1) * step
	var row struct {
		Tat int64
		Now int64
	}
	// reserved_at_us keeps the clock reading of this statement for
	// RETURNING (SQLite's RETURNING cannot name the FROM subquery).
	q := `UPDATE lever_rate_budgets SET tat_us = (CASE WHEN tat_us > n.now_us THEN tat_us ELSE n.now_us END) + ?, reserved_at_us = n.now_us
		FROM (SELECT ` + s.nowUS() + ` AS now_us) AS n WHERE account_key = ? RETURNING tat_us AS tat, reserved_at_us AS now`
	for range 2 {
		res := s.db.WithContext(ctx).Raw(q, step, key).Scan(&row)
		if res.Error != nil {
			return nil, fmt.Errorf("models: reserve rate: %w", res.Error)
		}
		if res.RowsAffected > 0 {
			sendAt := max(row.Now, row.Tat-step-tau)
			return &RateSlot{Wait: time.Duration(sendAt-row.Now) * time.Microsecond, key: key, tat: row.Tat, step: step}, nil
		}
		if err := s.db.WithContext(ctx).Exec(`INSERT INTO lever_rate_budgets (account_key, tat_us, paused_until_us, reserved_at_us) VALUES (?, 0, 0, 0) ON CONFLICT DO NOTHING`, key).Error; err != nil {
			return nil, fmt.Errorf("models: create rate budget: %w", err)
		}
	}
	return nil, errors.New("models: reserve rate: budget row missing")
}

// GiveBack returns a slot that will not be used (its caller gave up
// waiting), if no later slot was reserved since; otherwise it stays spent.
func (s *Store) GiveBack(ctx context.Context, slot *RateSlot) error {
	err := s.db.WithContext(ctx).Exec(`UPDATE lever_rate_budgets SET tat_us = tat_us - ? WHERE account_key = ? AND tat_us = ?`, slot.step, slot.key, slot.tat).Error
	if err != nil {
		return fmt.Errorf("models: give back rate slot: %w", err)
	}
	return nil
}

// PauseRate pauses the budget key for d from now (Lever answered 429): no
// slot starts before the pause ends, and none of the burst is left at its
// end (requests resume at the steady rate). A shorter pause never shortens
// a longer one.
func (s *Store) PauseRate(ctx context.Context, key string, d time.Duration, rate float64, burst int) error {
	step := int64(float64(time.Second/time.Microsecond) / rate)
	tau := int64(burst-1) * step
	until := `(` + s.nowUS() + ` + ?)`
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO lever_rate_budgets (account_key, tat_us, paused_until_us, reserved_at_us) VALUES (?, 0, 0, 0) ON CONFLICT DO NOTHING`, key).Error; err != nil {
			return err
		}
		return tx.Exec(`UPDATE lever_rate_budgets SET
			paused_until_us = CASE WHEN paused_until_us > `+until+` THEN paused_until_us ELSE `+until+` END,
			tat_us = CASE WHEN tat_us > `+until+` + ? THEN tat_us ELSE `+until+` + ? END
			WHERE account_key = ?`,
			d.Microseconds(), d.Microseconds(), d.Microseconds(), tau, d.Microseconds(), tau, key).Error
	})
	if err != nil {
		return fmt.Errorf("models: pause rate budget: %w", err)
	}
	return nil
}

// RatePause returns how much longer the budget key is paused after a 429
// (0 when it is not).
func (s *Store) RatePause(ctx context.Context, key string) (time.Duration, error) {
	var left int64
	err := s.db.WithContext(ctx).Raw(`SELECT paused_until_us - `+s.nowUS()+` FROM lever_rate_budgets WHERE account_key = ?`, key).Scan(&left).Error
	if err != nil {
		return 0, fmt.Errorf("models: read rate pause: %w", err)
	}
	return max(0, time.Duration(left)*time.Microsecond), nil
}
