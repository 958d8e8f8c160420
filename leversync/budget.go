package leversync

import (
	"context"
	"fmt"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// accountBudget is the lever.RateLimiter of one Lever account, held in the
// database (models.Store.ReserveRate) so that every process of the
// deployment shares it: at most Config.RateLimit requests per second
// sustained and Config.RateBurst at once (docs/LEVER_API.md §5), and a 429
// seen by any process pauses the account for all of them.
type accountBudget struct {
	store *models.Store
	key   string
	rate  float64
	burst int
	log   func(msg string, args ...any)
}

// budgetKey names the budget of a connection: its Lever account (Lever
// limits per account, whichever process or connection calls), or the
// connection itself while the account is unknown.
func budgetKey(c *models.LeverConnection) string {
	if c.AccountID != "" {
		return "account:" + c.AccountID
	}
	return "connection:" + c.ID
}

func (e *Engine) budget(c *models.LeverConnection) lever.RateLimiter {
	return &accountBudget{store: e.store, key: budgetKey(c), rate: e.cfg.RateLimit, burst: e.cfg.RateBurst, log: e.log.Warn}
}

// Wait reserves the account's next request slot and sleeps until it. A
// slot that would start after ctx's deadline is given back at once and an
// error returned; after sleeping, a pause set meanwhile (a 429 in any
// process) is honoured before sending.
func (b *accountBudget) Wait(ctx context.Context) error {
	for {
		slot, err := b.store.ReserveRate(ctx, b.key, b.rate, b.burst)
		if err != nil {
			return fmt.Errorf("rate budget: %w", err)
		}
		if slot.Wait <= 0 {
			return nil
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < slot.Wait {
			b.giveBack(ctx, slot)
			return fmt.Errorf("rate budget: the next request slot is %s away, past the deadline: %w", slot.Wait.Round(time.Millisecond), context.DeadlineExceeded)
		}
		if err := sleepCtx(ctx, slot.Wait); err != nil {
			b.giveBack(ctx, slot)
			return fmt.Errorf("rate budget: %w", err)
		}
		left, err := b.store.RatePause(ctx, b.key)
		if err != nil {
			return fmt.Errorf("rate budget: %w", err)
		}
		if left <= 0 {
			return nil
		}
		if err := sleepCtx(ctx, left); err != nil {
			return fmt.Errorf("rate budget: paused after 429: %w", err)
		}
	}
}

func (b *accountBudget) giveBack(ctx context.Context, slot *models.RateSlot) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := b.store.GiveBack(ctx, slot); err != nil {
		b.log("giving back a Lever rate slot failed", "budget", b.key, "err", err)
	}
}

// Pause pauses the account for every process for d (Lever answered 429).
func (b *accountBudget) Pause(d time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := b.store.PauseRate(ctx, b.key, d, b.rate, b.burst); err != nil {
		b.log("pausing the Lever rate budget after a 429 failed", "budget", b.key, "err", err)
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
