package models

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// exclusivePoll is how often a waiter for a lock held elsewhere tries again
// (PostgreSQL).
const exclusivePoll = 100 * time.Millisecond

// exclusiveMax bounds how long fn may run under an Exclusive lock (its
// caller's cancellation does not reach it).
const exclusiveMax = 2 * time.Minute

// sqliteLocks are Exclusive's locks on SQLite: name → *sync.Mutex, shared
// by every Store of the process (names hold organization ids, unique
// across databases).
var sqliteLocks sync.Map

// Exclusive runs fn while holding the lock called name, so that of any
// number of calls with that name across all app processes one runs at a
// time; the others wait (or give up with ctx's error). It is for
// operations that call Lever between database writes and must not
// interleave, such as (re)registering one organization's webhooks.
//
// On PostgreSQL the lock is pg_try_advisory_xact_lock on a 64-bit hash of
// name, taken in a transaction held open (one pool connection) while fn
// runs and released when it ends; fn's own queries run outside that
// transaction and commit as they go. A waiter tries again every
// exclusivePoll and holds no connection meanwhile. On SQLite, which one
// process serves at a time (the app takes a file lock at start), it is a
// mutex of this process, and a waiter waits regardless of ctx. fn's error is
// returned as is; a lock that cannot be taken is an error naming name.
//
// Once the lock is taken, neither it nor fn end with ctx: fn runs on a
// context that keeps ctx's values but not its cancellation, bounded by
// exclusiveMax. A request whose client went away half-way (Lever changed,
// our record of it not yet written) would otherwise leave the two apart,
// and drop the lock while fn still runs.
func (s *Store) Exclusive(ctx context.Context, name string, fn func(ctx context.Context) error) error {
	detached := context.WithoutCancel(ctx)
	run := func() error {
		runCtx, cancel := context.WithTimeout(detached, exclusiveMax)
		defer cancel()
		return fn(runCtx)
	}
	if s.dialect != Postgres {
		v, _ := sqliteLocks.LoadOrStore(name, &sync.Mutex{})
		mu := v.(*sync.Mutex)
		mu.Lock()
		defer mu.Unlock()
		return run()
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("models: lock %s: %w", name, err)
	}
	for {
		tx, err := sqlDB.BeginTx(detached, nil)
		if err != nil {
			return fmt.Errorf("models: lock %s: %w", name, err)
		}
		var got bool
		if err := tx.QueryRowContext(detached, `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0))`, name).Scan(&got); err != nil {
			tx.Rollback()
			return fmt.Errorf("models: lock %s: %w", name, err)
		}
		if got {
			defer tx.Rollback() // releases the lock; nothing is written in tx
			return run()
		}
		// Held elsewhere: wait without holding a pool connection, so that
		// any number of waiters cannot starve the holder's own queries.
		tx.Rollback()
		select {
		case <-ctx.Done():
			return fmt.Errorf("models: lock %s: %w", name, ctx.Err())
		case <-time.After(exclusivePoll):
		}
	}
}
