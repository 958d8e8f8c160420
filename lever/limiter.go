package lever

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Default rate for one Lever connection: Lever allows 10 req/s steady with bursts of 20
// (docs/LEVER_API.md §5); 8/s with a burst of 8 allows at most 16 requests in any one second.
const (
	DefaultRPS   = 8
	DefaultBurst = 8
)

// Limiter is the request budget of one Lever connection: a token bucket plus a pause that
// every caller honours after Lever answered 429. The zero value is not usable; a nil
// *Limiter means no limit.
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

// Limiters hands out one shared Limiter per key (our Lever connection id), so every job and
// request for a connection draws on the same budget. Safe for concurrent use.
type Limiters struct {
	rps   float64
	burst int

	mu sync.Mutex
	m  map[string]*Limiter
}

// NewLimiters returns a set whose limiters are built with NewLimiter(rps, burst).
func NewLimiters(rps float64, burst int) *Limiters {
	return &Limiters{rps: rps, burst: burst, m: make(map[string]*Limiter)}
}

// For returns the limiter of key, creating it on first use.
func (ls *Limiters) For(key string) *Limiter {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	l, ok := ls.m[key]
	if !ok {
		l = NewLimiter(ls.rps, ls.burst)
		ls.m[key] = l
	}
	return l
}
