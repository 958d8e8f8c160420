package models_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intervue/lever-integration/internal/testdb"
	"github.com/intervue/lever-integration/models"
)

// Two Stores on one database stand for two processes: the slots they
// reserve for one account never exceed the budget in any window, and the
// budget is used at its full steady rate.
func TestReserveRateSharedAcrossStores(t *testing.T) {
	stores := storesOnOneDatabase(t, 2)
	const rate, burst, n = 100.0, 5, 60
	var (
		mu    sync.Mutex
		sends []time.Time
		wg    sync.WaitGroup
	)
	start := time.Now()
	for i := range n {
		wg.Go(func() {
			st := stores[i%2]
			slot, err := st.ReserveRate(context.Background(), "account:a", rate, burst)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			sends = append(sends, time.Now().Add(slot.Wait))
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.SortFunc(sends, func(a, b time.Time) int { return a.Compare(b) })
	// At 100/s with a burst of 5, any 100 ms window holds at most 5+10-1 = 14
	// slots (allow one for clock reading jitter), and 60 slots span >= 550 ms.
	if got := maxIn(sends, 100*time.Millisecond); got > 15 {
		t.Errorf("%d slots in one 100 ms window, want <= 15", got)
	}
	if span := sends[len(sends)-1].Sub(start); span < 500*time.Millisecond {
		t.Errorf("60 slots end %s after the start, want >= 550 ms at 100/s after a burst of 5", span)
	}
	// Another account has its own budget: its first slot is immediate.
	if slot, err := stores[1].ReserveRate(context.Background(), "account:b", rate, burst); err != nil || slot.Wait > 0 {
		t.Errorf("other account: %+v, %v", slot, err)
	}
}

// A pause (429) set through one Store delays the next slot of every Store
// and leaves no burst behind; a given-back slot is reused.
func TestPauseRate(t *testing.T) {
	st, _ := setupStore(t)
	ctx := context.Background()
	if err := st.PauseRate(ctx, "account:p", 300*time.Millisecond, 10, 10); err != nil {
		t.Fatal(err)
	}
	if left, err := st.RatePause(ctx, "account:p"); err != nil || left <= 0 || left > 300*time.Millisecond {
		t.Fatalf("pause left %s, %v; want ~300ms", left, err)
	}
	// Slots as absolute times (each Wait is relative to its own reservation).
	reserve := func() (*models.RateSlot, time.Time) {
		t.Helper()
		now := time.Now()
		slot, err := st.ReserveRate(ctx, "account:p", 10, 10)
		if err != nil {
			t.Fatal(err)
		}
		return slot, now.Add(slot.Wait)
	}
	_, a := reserve()
	if until := time.Until(a); until < 150*time.Millisecond {
		t.Fatalf("first slot after the pause in %s; want after the pause", until)
	}
	bs, b := reserve()
	if gap := b.Sub(a); gap < 90*time.Millisecond {
		t.Fatalf("second slot %s after the first: the pause must leave no burst", gap)
	}
	if err := st.GiveBack(ctx, bs); err != nil {
		t.Fatal(err)
	}
	if _, c := reserve(); c.Sub(b) > 30*time.Millisecond || b.Sub(c) > 30*time.Millisecond {
		t.Fatalf("given-back slot not reused: %s then %s", b, c)
	}
	if _, err := st.ReserveRate(ctx, strings.Repeat("k", 3), 0, 1); err == nil {
		t.Fatal("rate 0 accepted")
	}
}

func maxIn(ts []time.Time, w time.Duration) int {
	best, j := 0, 0
	for i := range ts {
		for ts[i].Sub(ts[j]) >= w {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

// storesOnOneDatabase opens n Stores, each with its own connection pool, on
// one migrated database private to t: on PostgreSQL they stand for n app
// processes.
func storesOnOneDatabase(t *testing.T, n int) []*models.Store {
	t.Helper()
	dsn, _ := testdb.URL(t)
	var stores []*models.Store
	for range n {
		db, err := models.Open(dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		stores = append(stores, models.NewStore(db, testdb.Sealer(t)))
	}
	return stores
}
