package models_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/intervue/lever-integration/models"
)

// TestExclusive: calls of one lock name from two Stores on their own
// connection pools (on PostgreSQL, as two processes would be) never
// overlap, and each runs; a call of another name does not wait for them; a
// waiter gives up with its context, holding no connection.
func TestExclusive(t *testing.T) {
	stores := storesOnOneDatabase(t, 2)
	ctx := context.Background()
	var inside, most, ran atomic.Int32
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			err := stores[i%2].Exclusive(ctx, "lever-webhooks:org-a", func(context.Context) error {
				n := inside.Add(1)
				for {
					m := most.Load()
					if n <= m || most.CompareAndSwap(m, n) {
						break
					}
				}
				time.Sleep(30 * time.Millisecond)
				inside.Add(-1)
				ran.Add(1)
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if most.Load() != 1 || ran.Load() != 8 {
		t.Fatalf("at most %d inside at once (want 1), %d of 8 ran", most.Load(), ran.Load())
	}

	// Held: another name runs at once; the same name waits until its
	// context ends.
	held, release := make(chan struct{}), make(chan struct{})
	go stores[0].Exclusive(ctx, "lever-webhooks:org-a", func(context.Context) error {
		close(held)
		<-release
		return nil
	})
	<-held
	other := make(chan error, 1)
	go func() {
		other <- stores[1].Exclusive(ctx, "lever-webhooks:org-b", func(context.Context) error { return nil })
	}()
	select {
	case err := <-other:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a lock of another name waited for org-a's")
	}
	if stores[0].Dialect() == models.Postgres {
		short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
		err := stores[1].Exclusive(short, "lever-webhooks:org-a", func(context.Context) error {
			t.Error("ran while the lock was held")
			return nil
		})
		if err == nil {
			t.Fatal("no error from a waiter whose context ended")
		}
	}
	close(release)
}

// TestExclusiveOutlivesItsCaller: once the lock is taken, cancelling the
// caller's context (a browser that went away) neither cancels fn's context
// nor releases the lock before fn returns.
func TestExclusiveOutlivesItsCaller(t *testing.T) {
	stores := storesOnOneDatabase(t, 2)
	caller, cancel := context.WithCancel(context.Background())
	inside, finish := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- stores[0].Exclusive(caller, "lever-webhooks:org-c", func(ctx context.Context) error {
			close(inside)
			<-finish
			return ctx.Err() // nil: the caller's cancel did not reach fn
		})
	}()
	<-inside
	cancel()
	time.Sleep(200 * time.Millisecond) // time for a rollback on cancel to drop the lock
	var second atomic.Bool
	waiter := make(chan error, 1)
	go func() {
		waiter <- stores[1].Exclusive(context.Background(), "lever-webhooks:org-c", func(context.Context) error {
			second.Store(true)
			return nil
		})
	}()
	time.Sleep(300 * time.Millisecond)
	if second.Load() {
		t.Fatal("the lock was free while the first holder still ran (its caller's context was cancelled)")
	}
	close(finish)
	if err := <-done; err != nil {
		t.Errorf("fn saw its caller's cancel: %v", err)
	}
	if err := <-waiter; err != nil || !second.Load() {
		t.Errorf("the second did not run after the first: %v", err)
	}
}
