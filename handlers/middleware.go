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

// Role ranks inside an organization (docs/DESIGN.md §4).
const (
	roleMember = iota + 1
	roleAdmin
	roleSuperAdmin
)

func roleRank(role string) int {
	switch role {
	case models.RoleSuperAdmin:
		return roleSuperAdmin
	case models.RoleAdmin:
		return roleAdmin
	case models.RoleMember:
		return roleMember
	}
	return 0
}

// isStaff reports whether u is platform support/ops staff.
func isStaff(u *models.User) bool { return u != nil && u.PlatformRole == models.PlatformRoleSupport }

// effectiveRank is u's rank in orgID: their own role in their own org; staff
// act as admins (retry, interview events) in any org but never as super admin
// of another org.
func effectiveRank(u *models.User, orgID string) int {
	if u == nil {
		return 0
	}
	if u.OrgID == orgID {
		r := roleRank(u.Role)
		if isStaff(u) && r < roleAdmin {
			r = roleAdmin
		}
		return r
	}
	if isStaff(u) {
		return roleAdmin
	}
	return 0
}

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
		ws := h.session(w, r)
		uid := ws.UserID()
		var u *models.User
		if uid != "" {
			var err error
			u, err = h.store.User(r.Context(), uid)
			if err != nil && !errors.Is(err, models.ErrNotFound) {
				h.renderError(w, r, err)
				return
			}
		}
		if u == nil {
			if r.Method == http.MethodGet && r.Header.Get("HX-Request") == "" {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			w.Header().Set("HX-Redirect", "/login")
			http.Error(w, "Your session ended: log in again.", http.StatusUnauthorized)
			return
		}
		orgID := u.OrgID
		if isStaff(u) && ws.ViewOrg() != "" {
			orgID = ws.ViewOrg()
		}
		// Pages behind login hold candidate data: never cached (CONTRACT §5).
		w.Header().Set("Cache-Control", "no-store")
		ctx := context.WithValue(r.Context(), ctxUser, u)
		ctx = context.WithValue(ctx, ctxOrgID, orgID)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// requireRole is requireLogin plus a minimum role in the acting org; others
// get 403 with a message (roles are enforced here, not only by hidden buttons).
func (h *Handler) requireRole(min int, fn http.HandlerFunc) http.Handler {
	return h.requireLogin(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r.Context())
		if effectiveRank(u, orgIDFrom(r.Context())) < min {
			h.renderError(w, r, errForbidden(min))
			return
		}
		fn(w, r)
	}))
}

// apiAuth authenticates the JSON API with "Authorization: Bearer <org API key>".
func (h *Handler) apiAuth(fn http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(key) == "" {
			h.apiError(w, r, http.StatusUnauthorized, "unauthorized", "send the organization API key as Authorization: Bearer <key>")
			return
		}
		orgID, err := h.store.OrgIDForAPIKey(r.Context(), strings.TrimSpace(key))
		if errors.Is(err, models.ErrNotFound) {
			h.apiError(w, r, http.StatusUnauthorized, "unauthorized", "unknown or revoked API key")
			return
		}
		if err != nil {
			h.apiErr(w, r, err)
			return
		}
		fn(w, r.WithContext(context.WithValue(r.Context(), ctxOrgID, orgID)))
	})
}
