package handlers

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// queryString returns a trimmed query parameter or def.
func queryString(r *http.Request, name, def string) string {
	if v := strings.TrimSpace(r.URL.Query().Get(name)); v != "" {
		return v
	}
	return def
}

// queryInt returns a positive integer query parameter or def.
func queryInt(r *http.Request, name string, def int) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil || n < 1 {
		return def
	}
	return n
}

// safeRedirect returns target when it is a local path, else def.
func safeRedirect(target, def string) string {
	if strings.HasPrefix(target, "/") && !strings.HasPrefix(target, "//") && !strings.HasPrefix(target, "/\\") {
		return target
	}
	return def
}

// isHTMX reports whether htmx sent the request (render a fragment).
func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") != "" }

// decodeJSON reads a JSON body of at most 1 MiB into v.
func decodeJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("reading the body failed: %w", err)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("the body is not valid JSON for this endpoint: %w", err)
	}
	return nil
}
