package lever

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/oauth2"
)

// APIError is a non-2xx answer from Lever (docs/LEVER_API.md §5). Code and Message come from
// Lever's {"code","message"} body; for other bodies Message is a readable excerpt.
// RetryAfter is the parsed Retry-After header (0 when absent). Path has no host or query.
type APIError struct {
	Method     string
	Path       string
	Status     int
	Code       string
	Message    string
	RetryAfter time.Duration
}

// Error returns e.g. "lever: POST /opportunities/x/notes: 404 ResourceNotFound: note was not found".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "lever: %s %s: %d", e.Method, e.Path, e.Status)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	} else if t := http.StatusText(e.Status); t != "" {
		b.WriteString(" " + t)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// TransportError is a call that got no HTTP answer: timeout, refused or dropped connection,
// or the caller's context ending mid-request. MaybeApplied is true when the request may have
// reached Lever (it was at least partly written), so a write may have been applied.
type TransportError struct {
	Method       string
	Path         string
	Err          error
	MaybeApplied bool

	ctxDone bool // the caller's context ended: not worth retrying
}

// Error returns e.g. "lever: POST /opportunities/x/notes: request may have been applied: EOF".
func (e *TransportError) Error() string {
	state := "request not sent"
	if e.MaybeApplied {
		state = "request may have been applied"
	}
	return fmt.Sprintf("lever: %s %s: %s: %v", e.Method, e.Path, state, e.Err)
}

// Unwrap returns the underlying network or context error.
func (e *TransportError) Unwrap() error { return e.Err }

// RedirectError is a redirect the client refused to follow: to another host outside the
// api.*.lever.co family (Go would silently drop the Authorization header, docs/LEVER_API.md §6.12),
// one that would turn a write into a GET, or too many hops. Lever did not apply the request.
// Location is the target without its query.
type RedirectError struct {
	Method   string
	Path     string
	Status   int
	Location string
	Reason   string
}

// Error returns e.g. "lever: GET /stages: refusing 301 redirect to https://x/v1/stages: ...".
func (e *RedirectError) Error() string {
	return fmt.Sprintf("lever: %s %s: refusing %d redirect to %s: %s", e.Method, e.Path, e.Status, e.Location, e.Reason)
}

// IsRetryable reports whether err is worth retrying later: 429, 5xx, a TransportError
// (including the per-request timeout) or a transient token-endpoint failure. The caller's own
// context ending is not retryable. For writes check IsAmbiguous before retrying.
func IsRetryable(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Status == http.StatusTooManyRequests || ae.Status >= 500
	}
	var te *TransportError
	if errors.As(err, &te) {
		return !te.ctxDone
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return re.Response != nil && (re.Response.StatusCode == http.StatusTooManyRequests || re.Response.StatusCode >= 500)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ue *url.Error // only the token endpoint's network errors reach callers unconverted
	return errors.As(err, &ue)
}

// ShapeError is a 2xx answer whose body is not the documented shape
// (docs/LEVER_API.md §4.0: one object or a list under "data"): an empty or
// truncated body, no data, or a field of the wrong type. It is never taken
// as an empty success. Body is the start of what Lever sent (at most 300
// bytes); a write answered so was applied as far as Lever is concerned
// (IsAmbiguous); a read is retried (the client's retryDelay).
type ShapeError struct {
	Method, Path string
	Status       int
	Reason       string
	Body         string
}

func (e *ShapeError) Error() string {
	return fmt.Sprintf("lever: %s %s answered %d with a body that is not the documented shape (%s): %q", e.Method, e.Path, e.Status, e.Reason, e.Body)
}

// IsAmbiguous reports whether err leaves a write's outcome unknown: a TransportError with
// MaybeApplied on a non-GET call, a 5xx answer to a POST, PUT or DELETE, or a 2xx answer to
// one whose body is not Lever's shape (ShapeError). Re-read Lever (e.g. look for the note's
// marker) before repeating such a write.
func IsAmbiguous(err error) bool {
	var te *TransportError
	if errors.As(err, &te) {
		return te.MaybeApplied && isWrite(te.Method)
	}
	var se *ShapeError
	if errors.As(err, &se) {
		return isWrite(se.Method)
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Status >= 500 && isWrite(ae.Method)
	}
	return false
}

// StatusOf returns the HTTP status of an APIError in err's chain, or 0.
func StatusOf(err error) int {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Status
	}
	return 0
}

// IsUnauthorized reports whether Lever answered 401 (token missing, expired or revoked).
func IsUnauthorized(err error) bool { return StatusOf(err) == http.StatusUnauthorized }

func isWrite(method string) bool { return method != http.MethodGet && method != http.MethodHead }

var (
	reDropBlocks = regexp.MustCompile(`(?is)<(script|style)[^>]*>.*?</(script|style)>`)
	reTags       = regexp.MustCompile(`(?s)<[^>]*>`)
)

// newAPIError builds an APIError from a response body: Lever's {code,message}, an OAuth-style
// {error,error_description}, or otherwise the body's text with HTML tags stripped (200 chars).
func newAPIError(method, path string, status int, body []byte) *APIError {
	e := &APIError{Method: method, Path: path, Status: status}
	var lv struct {
		Code             string `json:"code"`
		Message          string `json:"message"`
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
	}
	if json.Unmarshal(body, &lv) == nil && (lv.Code != "" || lv.Message != "" || lv.Error != "") {
		e.Code, e.Message = lv.Code, lv.Message
		if e.Code == "" {
			e.Code = lv.Error
		}
		if e.Message == "" {
			e.Message = lv.ErrorDescription
		}
		return e
	}
	text := reTags.ReplaceAllString(reDropBlocks.ReplaceAllString(string(body), " "), " ")
	text = strings.Join(strings.Fields(html.UnescapeString(text)), " ")
	e.Message = truncate(text, 200)
	return e
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
