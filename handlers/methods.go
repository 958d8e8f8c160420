package handlers

import (
	"net/http"
	"strings"
)

// probeMethods are the methods tried to find which ones a path allows.
var probeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// apiMethodNotAllowed wraps a machine-facing catch-all (catchAll is its
// pattern: "/api/" or "/webhooks/"): a path that exists with other methods
// answers 405 with Allow and the JSON error body (no key needed: which
// methods a route takes is public), anything else goes to next. The pages
// get their 405 from notFound.
func (h *Handler) apiMethodNotAllowed(mux *http.ServeMux, catchAll string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if allow := allowedMethods(mux, r, catchAll); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			h.apiError(w, r, http.StatusMethodNotAllowed, "method_not_allowed", r.Method+" is not allowed on "+redactPath(r.URL.Path)+": use "+strings.Join(allow, " or "))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allowedMethods lists the methods for which mux has a more specific route
// than catchAll at r's path (HEAD comes with GET).
func allowedMethods(mux *http.ServeMux, r *http.Request, catchAll string) []string {
	var out []string
	for _, m := range probeMethods {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != catchAll {
			out = append(out, m)
			if m == http.MethodGet {
				out = append(out, http.MethodHead)
			}
		}
	}
	return out
}
