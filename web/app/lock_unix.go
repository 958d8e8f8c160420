//go:build unix

package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// lockSQLite takes an exclusive lock on the SQLite database file's
// companion "<file>.lock" for as long as the app serves: SQLite serves one
// process (one connection; the rate budget, leases and the built-in
// sandbox's state are held by that process), so a second `serve` on the
// same file is refused with a message naming DATABASE_URL, instead of
// running beside the first (a second process would, among other things,
// mark the first one's sandbox connection for re-authorization at its
// start). The lock ends with the process, even on kill -9. release undoes
// it. An in-memory database is not locked. The file's folder is made when
// missing (as opening the database would), and a symbolic link is followed
// first, so two names for one database file take one lock.
func lockSQLite(databaseURL string) (release func(), err error) {
	path, _, _ := strings.Cut(strings.TrimPrefix(databaseURL, "file:"), "?")
	if path == "" || path == ":memory:" {
		return func() {}, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("DATABASE_URL %s: make its folder: %w", databaseURL, err)
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL %s: open its lock file: %w", databaseURL, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("DATABASE_URL %s: another process of this app is serving this SQLite database (it holds %s.lock); SQLite serves one process: stop the other one, or use PostgreSQL (DATABASE_URL=postgres://…) to run several", databaseURL, path)
		}
		return nil, fmt.Errorf("DATABASE_URL %s: lock: %w", databaseURL, err)
	}
	return func() { f.Close() }, nil
}
