package handlers

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/intervue/lever-integration/models"
)

// Request size limits (docs/security.md, "Bounded inputs"); field limits
// are in models/limits.go.
const (
	maxFormBytes      = 256 << 10 // an HTML form body
	maxQueryBytes     = 8 << 10   // a whole query string
	maxQueryParamLen  = 500       // one query parameter, in characters (search boxes, filters)
	maxFormFieldChars = 20000     // one form field, in characters
)

// boundInputs refuses, before any handler runs, a query string or parameter
// over its limit (400) and an HTML form body over maxFormBytes (413) or
// with a field over maxFormFieldChars (400), each answer naming the
// parameter or field and its limit: JSON under /api/, text otherwise. A
// parameter or field holding a NUL character or invalid UTF-8 is refused
// the same way (400), and a path holding one is 404 (no id has one),
// before it can reach a text column.
// Webhook deliveries and the sandbox bound their own bodies.
func (h *Handler) boundInputs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if why := models.BadText(r.URL.Path); why != "" {
			// No route has such an id; a path value reaching a query
			// would be a 500 from PostgreSQL (a 503 on a webhook URL,
			// which Lever retries).
			code := "not_found"
			if strings.HasPrefix(r.URL.Path, "/webhooks/lever/") {
				code = "unknown_key"
			}
			h.inputRefused(w, r, http.StatusNotFound, code, "no such page: the path "+why)
			return
		}
		if len(r.URL.RawQuery) > maxQueryBytes {
			h.inputRefused(w, r, http.StatusBadRequest, "query_too_long", fmt.Sprintf("the query string is longer than %d KiB", maxQueryBytes>>10))
			return
		}
		for name, vs := range r.URL.Query() {
			for _, v := range vs {
				if utf8.RuneCountInString(v) > maxQueryParamLen {
					h.inputRefused(w, r, http.StatusBadRequest, "validation_failed", models.TooLong("query parameter "+name, maxQueryParamLen))
					return
				}
				if why := models.BadText(v); why != "" {
					h.inputRefused(w, r, http.StatusBadRequest, "validation_failed", "query parameter "+name+" "+why)
					return
				}
			}
		}
		if isFormPost(r) && !strings.HasPrefix(r.URL.Path, "/webhooks/") && !strings.HasPrefix(r.URL.Path, "/sandbox/") {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
			if err := r.ParseForm(); err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					h.inputRefused(w, r, http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf("the form is larger than %d KiB", maxFormBytes>>10))
					return
				}
				h.inputRefused(w, r, http.StatusBadRequest, "bad_request", "the form could not be read")
				return
			}
			for name, vs := range r.PostForm {
				for _, v := range vs {
					if utf8.RuneCountInString(v) > maxFormFieldChars {
						h.inputRefused(w, r, http.StatusBadRequest, "validation_failed", models.TooLong("field "+name, maxFormFieldChars))
						return
					}
					if why := models.BadText(v); why != "" {
						h.inputRefused(w, r, http.StatusBadRequest, "validation_failed", "field "+name+" "+why)
						return
					}
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// isFormPost reports whether r carries an HTML form body.
func isFormPost(r *http.Request) bool {
	if r.Method != http.MethodPost && r.Method != http.MethodPut {
		return false
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "application/x-www-form-urlencoded" || ct == "multipart/form-data"
}

// inputRefused answers a refused input: the API's error shape under /api/
// and /webhooks/ (docs/CONTRACT.md §3), else plain text (the page cannot be
// rendered from a refused request).
func (h *Handler) inputRefused(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/webhooks/") {
		h.apiError(w, r, status, code, msg)
		return
	}
	http.Error(w, "Refused: "+msg+".", status)
}
