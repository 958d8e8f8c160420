package leversync

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// receiverNames returns a function giving `"Name" (id)` for a cached Lever
// stage of the connection, the bare id when unknown, or "-" when empty. The
// names are read at most once per second per connection (they are only for
// log messages, and the receiver's hot path reads the database once).
func (e *Engine) receiverNames(ctx context.Context, connID string) func(id string) string {
	text := e.recvNames.get(connID, func() map[string]string {
		names, err := e.store.StageNames(ctx, connID)
		if err != nil {
			return map[string]string{}
		}
		return names
	})
	return func(id string) string {
		switch {
		case id == "":
			return "-"
		case text[id] != "":
			return fmt.Sprintf("%q (%s)", text[id], id)
		}
		return id
	}
}

// namesCache keeps each connection's stage names for a second.
type namesCache struct {
	mu sync.Mutex
	m  map[string]namesEntry
}

type namesEntry struct {
	at    time.Time
	names map[string]string
}

func (nc *namesCache) get(key string, load func() map[string]string) map[string]string {
	nc.mu.Lock()
	e, ok := nc.m[key]
	nc.mu.Unlock()
	if ok && time.Since(e.at) < time.Second {
		return e.names
	}
	names := load()
	nc.mu.Lock()
	if nc.m == nil {
		nc.m = map[string]namesEntry{}
	}
	nc.m[key] = namesEntry{at: time.Now(), names: names}
	nc.mu.Unlock()
	return names
}
