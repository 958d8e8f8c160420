package models

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// ErrNotFound is returned when a row does not exist or belongs to another
// organization. gorm.ErrRecordNotFound is translated here and nowhere else.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a unique rule would be broken (for example a
// second active interview for one opportunity, or an email already taken).
var ErrConflict = errors.New("conflict")

// ValidationError lists problems with user input, by field name.
type ValidationError struct {
	Fields map[string]string
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for k, v := range e.Fields {
		parts = append(parts, k+": "+v)
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add records a problem with field.
func (e *ValidationError) Add(field, msg string) {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	e.Fields[field] = msg
}

// Err returns e when it holds a problem, nil otherwise.
func (e *ValidationError) Err() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}

// TxHook runs inside a Store transaction after its own writes, typically to
// enqueue a River job with InsertTx so that the job exists iff the change does.
type TxHook func(ctx context.Context, tx *sql.Tx) error

// Store holds every query. The organization id is always an argument.
type Store struct {
	db      *gorm.DB
	dialect Dialect
	sealer  *Sealer
	now     func() time.Time
}

// NewStore returns a Store on db; sealer encrypts Lever tokens at rest.
func NewStore(db *DB, sealer *Sealer) *Store {
	return &Store{db: db.Gorm, dialect: db.Dialect, sealer: sealer, now: func() time.Time { return time.Now().UTC() }}
}

// Dialect reports the database engine.
func (s *Store) Dialect() Dialect { return s.dialect }

// Gorm returns the underlying handle (tests and benchmarks only).
func (s *Store) Gorm() *gorm.DB { return s.db }

func (s *Store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(fn)
}

// SQLTx returns the *sql.Tx under a GORM transaction, for River's InsertTx.
func SQLTx(tx *gorm.DB) (*sql.Tx, error) {
	t, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return nil, errors.New("models: not inside a transaction")
	}
	return t, nil
}

func runHook(ctx context.Context, tx *gorm.DB, hook TxHook) error {
	if hook == nil {
		return nil
	}
	st, err := SQLTx(tx)
	if err != nil {
		return err
	}
	return hook(ctx, st)
}

func notFound(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("models: %s: %w", what, ErrNotFound)
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return fmt.Errorf("models: %s: %w", what, ErrConflict)
	}
	return fmt.Errorf("models: %s: %w", what, err)
}

func newID() string { return uuid.NewString() }

// RandomToken returns n random bytes, hex-encoded (2n characters).
func RandomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// truncate cuts s to at most n bytes, on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a rune boundary.
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
