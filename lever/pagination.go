package lever

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
)

// maxPages caps one listing so a misbehaving server cannot loop us forever.
const maxPages = 1000

// page is Lever's list envelope (docs/LEVER_API.md §4.0). Next is kept raw because only Lever knows
// its format; a string is used unquoted.
type page[T any] struct {
	Data    []T             `json:"data"`
	HasNext bool            `json:"hasNext"`
	Next    json.RawMessage `json:"next"`
}

func (p page[T]) nextToken() string {
	var s string
	if json.Unmarshal(p.Next, &s) == nil {
		return s
	}
	if string(p.Next) == "null" {
		return ""
	}
	return string(p.Next)
}

// list GETs every page of path: it follows next while hasNext is true, passing it back
// unchanged as the offset parameter. It stops when next is missing, and fails on a repeated
// token or after maxPages pages.
func list[T any](ctx context.Context, c *Client, path string, query url.Values) ([]T, error) {
	q := url.Values{}
	for k, v := range query {
		q[k] = append([]string(nil), v...)
	}
	var all []T
	seen := map[string]bool{}
	for range maxPages {
		var p page[T]
		if err := c.do(ctx, "GET", path, q, nil, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Data...)
		next := p.nextToken()
		if !p.HasNext || next == "" {
			return all, nil
		}
		if seen[next] {
			return nil, fmt.Errorf("lever: GET %s: pagination repeated offset token %q after %d items", path, next, len(all))
		}
		seen[next] = true
		q.Set("offset", next)
	}
	return nil, fmt.Errorf("lever: GET %s: more than %d pages", path, maxPages)
}
