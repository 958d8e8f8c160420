package handlers

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/intervue/lever-integration/models"
)

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer (flush, hijack).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// logRequests logs each request as one JSON line and records its latency.
func (h *Handler) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		d := time.Since(start)
		if h.metrics != nil && r.Pattern != "" {
			h.metrics.requests.WithLabelValues(r.Pattern).Observe(d.Seconds())
		}
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" {
			return
		}
		h.log.Info("http", "method", r.Method, "path", redactPath(r.URL.Path), "status", rec.status, "ms", d.Milliseconds())
	})
}

// requireLogin loads the session's user into the context, or sends the
// browser to /login.
func (h *Handler) requireLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lr, err := h.withSessionUser(w, r)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		if lr == nil {
			if r.Method == http.MethodGet && r.Header.Get("HX-Request") == "" {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			w.Header().Set("HX-Redirect", "/login")
			http.Error(w, "Your session ended: log in again.", http.StatusUnauthorized)
			return
		}
		// Pages behind login hold candidate data: never cached (CONTRACT §5).
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, lr)
	})
}

// withSessionUser returns r with the session's user and organization (the
// one support staff picked, else the user's own) in its context, or nil
// when nobody is logged in; an error only when the user cannot be read.
func (h *Handler) withSessionUser(w http.ResponseWriter, r *http.Request) (*http.Request, error) {
	ws := h.session(w, r)
	uid := ws.UserID()
	if uid == "" {
		return nil, nil
	}
	u, err := h.store.User(r.Context(), uid)
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	orgID := u.OrgID
	if isStaff(u) && ws.ViewOrg() != "" {
		orgID = ws.ViewOrg()
	}
	ctx := context.WithValue(r.Context(), ctxUser, u)
	ctx = context.WithValue(ctx, ctxOrgID, orgID)
	return r.WithContext(ctx), nil
}
