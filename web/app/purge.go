package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/intervue/lever-integration/models"
)

// purgeEvery is how often each process deletes expired rows. Every process
// runs the purge; the deletes are idempotent, so any number may.
const purgeEvery = 10 * time.Minute

// purgeExpired deletes, now and then every interval until ctx ends, expired
// browser sessions and failed-login records older than the throttle window
// (they no longer count), logging how many went.
func purgeExpired(ctx context.Context, store *models.Store, log *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		PurgeOnce(ctx, store, log)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// PurgeOnce deletes expired browser sessions and the failed-login records
// older than the login throttle's window, logging how many went; errors are
// logged, not returned (the next run tries again).
func PurgeOnce(ctx context.Context, store *models.Store, log *slog.Logger) {
	sessions, err := store.DeleteExpiredWebSessions(ctx)
	if err != nil && ctx.Err() == nil {
		log.Warn("purge of expired sessions failed", "err", err)
	}
	failures, err := store.PurgeLoginFailures(ctx, time.Now().Add(-models.DefaultLoginLimits.Window))
	if err != nil && ctx.Err() == nil {
		log.Warn("purge of old login failures failed", "err", err)
	}
	if sessions+failures > 0 {
		log.Info("purged expired rows", "sessions", sessions, "login_failures", failures)
	}
}
