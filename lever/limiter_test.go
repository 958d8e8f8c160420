package lever

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// maxInWindow returns the largest number of timestamps within any window of length w.
func maxInWindow(ts []time.Time, w time.Duration) int {
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	best, j := 0, 0
	for i := range ts {
		for ts[i].Sub(ts[j]) >= w {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

func TestLimiterWindow(t *testing.T) {
	// Same shape as the default (rate r, burst b => at most b + r*w requests in a window w),
	// scaled up so the test is fast: 50/s burst 5 means 60 calls take >= 1.1s and any 200ms
	// window holds at most 5+10 = 15 (the default 10/s burst 10 gives <= 20 per second).
	const rps, burst, calls = 50, 5, 60
	l := NewLimiter(rps, burst)
	var (
		mu    sync.Mutex
		stamp []time.Time
		wg    sync.WaitGroup
	)
	start := time.Now()
	for range calls {
		wg.Go(func() {
			if err := l.Wait(context.Background()); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			stamp = append(stamp, time.Now())
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if min := time.Duration(calls-burst) * time.Second / rps; elapsed < min-50*time.Millisecond {
		t.Errorf("60 calls took %v, want >= %v", elapsed, min)
	}
	tests := []struct {
		window time.Duration
		limit  int
	}{
		{200 * time.Millisecond, burst + rps/5},
		{500 * time.Millisecond, burst + rps/2},
		{time.Second, burst + rps},
	}
	for _, tt := range tests {
		// +1 tolerates a goroutine stamping its time a little after its token was issued.
		if got := maxInWindow(stamp, tt.window); got > tt.limit+1 {
			t.Errorf("%d calls within %v, limit %d", got, tt.window, tt.limit)
		}
	}
}

func TestLimiterPause(t *testing.T) {
	l := NewLimiter(1000, 10)
	l.Pause(150 * time.Millisecond)
	l.Pause(10 * time.Millisecond) // a shorter pause must not shorten the longer one
	start := time.Now()
	if err := l.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 140*time.Millisecond {
		t.Fatalf("Wait returned after %v during a 150ms pause", d)
	}

	l.Pause(time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := l.Wait(ctx); err == nil {
		t.Fatal("Wait ignored the context during a pause")
	}

	var nilLimiter *Limiter
	nilLimiter.Pause(time.Hour)
	if err := nilLimiter.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
}
