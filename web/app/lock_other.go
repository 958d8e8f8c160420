//go:build !unix

package app

// lockSQLite does nothing where flock(2) does not exist: a second process
// on one SQLite file is not detected there (see lock_unix.go).
func lockSQLite(string) (func(), error) { return func() {}, nil }
