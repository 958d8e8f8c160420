package handlers

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// requireMetricsToken guards GET /metrics: "Authorization: Bearer
// <METRICS_TOKEN>" or 401 (docs/CONTRACT.md §5). Without a token configured
// the route is not registered at all, so /metrics answers 404.
func (h *Handler) requireMetricsToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(h.metricsToken)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "send the metrics token as Authorization: Bearer <METRICS_TOKEN>", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
