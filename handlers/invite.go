package handlers

import (
	"errors"
	"net/http"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// showInvite handles GET /invite/{secret} (public): the set-password form
// of a usable invite link, or why it cannot be used (used or expired: 410,
// unknown: 404).
func (h *Handler) showInvite(w http.ResponseWriter, r *http.Request) {
	h.renderInvite(w, r, nil)
}

// acceptInvite handles POST /invite/{secret} (public), fields password and
// confirm: sets the password once (12+ characters), activates the user and
// logs them in (303 to the app). Errors re-render the form.
func (h *Handler) acceptInvite(w http.ResponseWriter, r *http.Request) {
	pw := r.PostFormValue("password")
	if pw != r.PostFormValue("confirm") {
		h.renderInvite(w, r, map[string]string{"confirm": "the two passwords differ"})
		return
	}
	u, err := h.store.AcceptInvite(r.Context(), r.PathValue("secret"), pw)
	var verr *models.ValidationError
	if errors.As(err, &verr) {
		h.renderInvite(w, r, verr.Fields)
		return
	}
	if err != nil {
		h.renderInvite(w, r, nil) // says why the link cannot be used
		return
	}
	if err := h.session(w, r).Login(u.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.flash(w, r, "success", "Welcome! Your password is set; log in with "+u.Email+" from now on.")
	http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
}

// renderInvite writes the invite page for the request's secret with form
// errors (nil: none).
func (h *Handler) renderInvite(w http.ResponseWriter, r *http.Request, errs map[string]string) {
	ctx := r.Context()
	p := views.InvitePage{Chrome: views.Chrome{Title: "Accept your invite"}, Errors: errs}
	inv, u, err := h.store.Invite(ctx, r.PathValue("secret"))
	switch {
	case errors.Is(err, models.ErrInviteUsed):
		p.Problem, p.Chrome.Title = "used", "Invite already used"
		w.WriteHeader(http.StatusGone)
	case errors.Is(err, models.ErrInviteExpired):
		p.Problem, p.Chrome.Title, p.Expired = "expired", "Invite expired", utc(inv.ExpiresAt)
		w.WriteHeader(http.StatusGone)
	case errors.Is(err, models.ErrNotFound):
		p.Problem, p.Chrome.Title = "unknown", "Invite link not valid"
		w.WriteHeader(http.StatusNotFound)
	case err != nil:
		h.renderError(w, r, err)
		return
	default:
		p.Email, p.Role = u.Email, u.Role
		if org, err := h.store.Organization(ctx, u.OrgID); err == nil {
			p.OrgName = org.Name
		}
	}
	views.Invite(p).Render(ctx, w)
}

// showAccount handles GET /account: who the user is and the password form.
func (h *Handler) showAccount(w http.ResponseWriter, r *http.Request) {
	h.renderAccount(w, r, nil)
}

// changePassword handles POST /account/password, fields current_password,
// new_password and confirm: the user's own password (12+ characters); their
// other sessions end.
func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) {
	next := r.PostFormValue("new_password")
	if next != r.PostFormValue("confirm") {
		h.renderAccount(w, r, map[string]string{"confirm": "the two new passwords differ"})
		return
	}
	ws := h.session(w, r)
	err := h.store.ChangePassword(r.Context(), currentUser(r.Context()).ID, r.PostFormValue("current_password"), next, ws.s.ID)
	var verr *models.ValidationError
	if errors.As(err, &verr) {
		h.renderAccount(w, r, verr.Fields)
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.flash(w, r, "success", "Password changed. Your other sessions were logged out.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// renderAccount writes the account page with form errors (nil: none).
func (h *Handler) renderAccount(w http.ResponseWriter, r *http.Request, errs map[string]string) {
	ctx := r.Context()
	u := currentUser(ctx)
	p := views.AccountPage{Chrome: h.chrome(w, r, "Your account", "account"), Email: u.Email, Role: u.Role, Errors: errs}
	if org, err := h.store.Organization(ctx, u.OrgID); err == nil {
		p.OrgName = org.Name
	}
	views.Account(p).Render(ctx, w)
}
