package models

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// InTx runs fn with a Store whose every query runs in one database
// transaction: committed when fn returns nil, rolled back (and fn's error
// returned) otherwise. Store methods that open their own transaction run
// as a savepoint inside it. The tx-bound Store must not be used after fn
// returns.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) error {
	return s.tx(ctx, func(gtx *gorm.DB) error {
		bound := *s
		bound.db = gtx
		return fn(&bound)
	})
}

// RunHook runs hook on the transaction of a Store given by InTx, typically
// to enqueue a River job that exists iff the transaction commits. Called on
// a Store outside InTx it returns an error and runs nothing.
func (s *Store) RunHook(ctx context.Context, hook TxHook) error {
	if _, ok := s.db.Statement.ConnPool.(gorm.TxCommitter); !ok {
		return errors.New("models: run hook: not inside a transaction")
	}
	if err := runHook(ctx, s.db, hook); err != nil {
		return fmt.Errorf("models: run hook: %w", err)
	}
	return nil
}
