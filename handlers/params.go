package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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

// isHTMX reports whether htmx sent the request (render a fragment).
func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") != "" }

// maxJSONBytes bounds a JSON API body (256 KiB: far above the largest
// valid one, an interview completion at its field limits).
const maxJSONBytes = 256 << 10

// errBodyTooLarge is decodeJSON's error for a body over maxJSONBytes.
var errBodyTooLarge = fmt.Errorf("the body is larger than %d KiB", maxJSONBytes>>10)

// decodeJSON reads a JSON body of at most maxJSONBytes into v. Its errors
// are safe to show: they name the field and the expected type, never Go
// types; a body too large is errBodyTooLarge, one that is not valid UTF-8
// is refused rather than stored with replacement characters.
func decodeJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBytes+1))
	if err != nil {
		return fmt.Errorf("reading the body failed: %w", err)
	}
	if len(body) > maxJSONBytes {
		return errBodyTooLarge
	}
	if !utf8.Valid(body) {
		// json.Unmarshal would store U+FFFD in place of the bad bytes.
		return errors.New("the body is not valid UTF-8")
	}
	err = json.Unmarshal(body, v)
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return fmt.Errorf("field %q must be a JSON %s", typeErr.Field, jsonKind(typeErr.Type.Kind().String()))
	case errors.As(err, new(*time.ParseError)):
		return errors.New("times must be RFC 3339 strings, e.g. 2026-03-31T10:00:00Z")
	case errors.As(err, &syntaxErr):
		return fmt.Errorf("the body is not valid JSON (error at byte %d)", syntaxErr.Offset)
	case len(body) == 0:
		return errors.New("the body is empty: send a JSON object")
	}
	return errors.New("the body is not a valid JSON object for this endpoint")
}

// jsonKind names a Go kind in JSON terms.
func jsonKind(kind string) string {
	switch kind {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
		return "number"
	case "slice", "array":
		return "array"
	case "map", "struct":
		return "object"
	case "bool":
		return "boolean (true or false)"
	}
	return kind
}
