package handlers

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// chrome builds the page frame for the current user and pops the flash.
func (h *Handler) chrome(w http.ResponseWriter, r *http.Request, title, active string) views.Chrome {
	c := views.Chrome{Title: title, Active: active}
	u := currentUser(r.Context())
	if u == nil {
		return c
	}
	c.UserEmail, c.Role, c.IsStaff = u.Email, u.Role, isStaff(u)
	if org, err := h.store.Organization(r.Context(), orgIDFrom(r.Context())); err == nil {
		c.OrgName = org.Name
	}
	if v := h.listView(w, r, true); v.all {
		c.AttentionCount = h.store.CountNeedsAttentionAllOrgs(r.Context())
	} else {
		c.AttentionCount = h.store.CountNeedsAttention(r.Context(), v.orgID)
	}
	c.FlashKind, c.Flash = h.session(w, r).PopFlash()
	return c
}

// flash stores a one-time message for the next page.
func (h *Handler) flash(w http.ResponseWriter, r *http.Request, kind, msg string) {
	if err := h.session(w, r).SetFlash(kind, msg); err != nil {
		h.log.Warn("flash not saved", "err", err)
	}
}

// healthz handles GET /healthz: 200 when the database answers, else 503.
func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := h.db.Ping(ctx); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ok\n"))
}

// showLogin handles GET /login.
func (h *Handler) showLogin(w http.ResponseWriter, r *http.Request) {
	views.LoginPage(views.Chrome{Title: "Log in"}, "", "", safeRedirect(r.URL.Query().Get("next"), "")).Render(r.Context(), w)
}

// login handles POST /login: 303 to the app with a new session, or the form
// again with an error and no session. Failed attempts are recorded and
// logged with the client address; past the limits the answer is 429 with
// Retry-After, even for the right password (loginThrottled).
func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	email, password := strings.ToLower(strings.TrimSpace(r.PostFormValue("email"))), r.PostFormValue("password")
	addr := h.clientAddr(r)
	if h.loginThrottled(w, r, email, addr) {
		return
	}
	u, err := h.store.Authenticate(r.Context(), email, password)
	if errors.Is(err, models.ErrNotFound) {
		h.log.Warn("login failed", "client_addr", addr, "email", email)
		if err := h.store.RecordLoginFailure(r.Context(), email, addr); err != nil {
			h.renderError(w, r, err)
			return
		}
		w.WriteHeader(http.StatusOK)
		h.renderLogin(w, r, email, "Wrong email or password.")
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if err := h.store.ClearLoginFailures(r.Context(), email); err != nil {
		h.log.Warn("login failures not cleared", "err", err)
	}
	if err := h.session(w, r).Login(u.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, safeRedirect(r.PostFormValue("next"), "/integrations/lever"), http.StatusSeeOther)
}

// renderLogin shows the login form again with errMsg, keeping a safe next.
func (h *Handler) renderLogin(w http.ResponseWriter, r *http.Request, email, errMsg string) {
	views.LoginPage(views.Chrome{Title: "Log in"}, email, errMsg, safeRedirect(r.PostFormValue("next"), "")).Render(r.Context(), w)
}

// logout handles POST /logout.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if err := h.session(w, r).Logout(); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// home handles GET /.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
}

// setViewOrg handles POST /staff/view-org: support staff pick the
// organization whose pages they look at ("" = their own).
func (h *Handler) setViewOrg(w http.ResponseWriter, r *http.Request) {
	orgID := r.PostFormValue("org_id")
	if orgID != "" {
		if _, err := h.store.Organization(r.Context(), orgID); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	if err := h.session(w, r).SetViewOrg(orgID); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, safeRedirect(r.PostFormValue("next"), "/integrations/lever"), http.StatusSeeOther)
}
