package lever

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Default budget of one Lever account: Lever allows 10 req/s steady with bursts of 20
// (docs/LEVER_API.md §5). A token bucket of rate r and burst b lets through at most
// b + r - 1 requests in any one second, so 10/s with a burst of 10 stays at or under 19-20
// in any 1 s window while using all of Lever's steady rate.
const (
	DefaultRPS   = 10
	DefaultBurst = 10
)

// RateLimiter is the request budget of one Lever account, shared by every caller of it: the
// client calls Wait before every attempt and Pause after a 429. Limiter is the in-memory
// implementation (one process); leversync implements it over the database so that every
// process of a deployment draws on one budget. Implementations must be safe for concurrent use.
type RateLimiter interface {
	// Wait blocks until one request may be sent now; it returns an error (wrapping ctx.Err()
	// when ctx ended) if the request must not be sent.
	Wait(ctx context.Context) error
	// Pause makes every caller of the budget wait d from now (Lever answered 429). A shorter
	// pause never cuts a longer one short.
	Pause(d time.Duration)
}

// Limiter is an in-memory RateLimiter (one process): a token bucket plus a pause that every
// caller honours after Lever answered 429. The zero value is not usable; a nil *Limiter
// means no limit.
type Limiter struct {
	rl *rate.Limiter

	mu          sync.Mutex
	pausedUntil time.Time
}

// NewLimiter returns a limiter allowing rps requests per second with bursts of burst;
// rps <= 0 or burst <= 0 select DefaultRPS and DefaultBurst.
func NewLimiter(rps float64, burst int) *Limiter {
	if rps <= 0 {
		rps = DefaultRPS
	}
	if burst <= 0 {
		burst = DefaultBurst
	}
	return &Limiter{rl: rate.NewLimiter(rate.Limit(rps), burst)}
}

// Wait blocks until any pause has ended and a token is available. It returns an error when
// ctx ends first (or its deadline is too close for the wait). A nil Limiter never waits.
func (l *Limiter) Wait(ctx context.Context) error {
	if err := l.wait(ctx); err != nil {
		return fmt.Errorf("lever: rate limit: %w", err)
	}
	return nil
}

func (l *Limiter) wait(ctx context.Context) error {
	if l == nil {
		return nil
	}
	for {
		if err := l.waitPause(ctx); err != nil {
			return err
		}
		if err := l.rl.Wait(ctx); err != nil {
			return err
		}
		// A 429 may have paused the connection while we waited for the token.
		if time.Until(l.PausedUntil()) <= 0 {
			return nil
		}
	}
}

func (l *Limiter) waitPause(ctx context.Context) error {
	for {
		d := time.Until(l.PausedUntil())
		if d <= 0 {
			return nil
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("paused after 429: %w", ctx.Err())
		case <-t.C:
		}
	}
}

// Pause makes every caller of this limiter wait d from now (after a 429). A shorter pause
// never cuts a longer one short. A nil Limiter ignores it.
func (l *Limiter) Pause(d time.Duration) {
	if l == nil || d <= 0 {
		return
	}
	until := time.Now().Add(d)
	l.mu.Lock()
	if until.After(l.pausedUntil) {
		l.pausedUntil = until
	}
	l.mu.Unlock()
}

// PausedUntil returns the end of the current 429 pause (zero or past when not paused).
func (l *Limiter) PausedUntil() time.Time {
	if l == nil {
		return time.Time{}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pausedUntil
}
