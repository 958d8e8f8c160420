package handlers

import (
	"errors"
	"net/http"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// showUsers handles GET /users (super admin): the organization's people,
// their roles and the invite form (docs/CONTRACT.md §6).
func (h *Handler) showUsers(w http.ResponseWriter, r *http.Request) {
	h.renderUsers(w, r, views.UsersPage{Form: views.InviteForm{Role: models.RoleMember}})
}

// inviteUser handles POST /users (super admin), fields email and role: it
// creates the invited user and shows the invite link once. Errors re-render
// the form at 200 with messages next to the fields.
func (h *Handler) inviteUser(w http.ResponseWriter, r *http.Request) {
	form := views.InviteForm{Email: r.PostFormValue("email"), Role: r.PostFormValue("role")}
	inv, err := h.store.InviteUser(r.Context(), orgIDFrom(r.Context()), form.Email, form.Role, auditActor(r))
	var verr *models.ValidationError
	switch {
	case errors.As(err, &verr):
		form.Errors = verr.Fields
	case errors.Is(err, models.ErrEmailTaken):
		form.Errors = map[string]string{"email": classify(err).Message}
	case err != nil:
		h.renderError(w, r, err)
		return
	}
	if form.Errors != nil {
		h.renderUsers(w, r, views.UsersPage{Form: form})
		return
	}
	h.audit(r, "user_invite", nil, userAudit(&inv.User))
	h.renderUsers(w, r, h.invitedPage(inv))
}

// reissueInvite handles POST /users/{id}/invite (super admin): a new invite
// link for someone who has not set a password yet; older links stop working.
func (h *Handler) reissueInvite(w http.ResponseWriter, r *http.Request) {
	inv, err := h.store.ReissueInvite(r.Context(), orgIDFrom(r.Context()), r.PathValue("id"), auditActor(r))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.audit(r, "user_invite_reissue", nil, userAudit(&inv.User))
	h.renderUsers(w, r, h.invitedPage(inv))
}

// invitedPage is the Users page showing inv's link to copy.
func (h *Handler) invitedPage(inv *models.Invitation) views.UsersPage {
	return views.UsersPage{Form: views.InviteForm{Role: models.RoleMember}, NewLink: h.inviteURL(inv.Secret),
		NewLinkEmail: inv.User.Email, NewLinkUntil: utc(inv.ExpiresAt)}
}

// updateUserRole handles POST /users/{id}/role (super admin), field role.
// The last active super admin keeps their role, with a message saying why.
func (h *Handler) updateUserRole(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	before, err := h.store.OrgUser(ctx, orgID, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	u, err := h.store.SetUserRole(ctx, orgID, before.ID, r.PostFormValue("role"))
	if h.userChangeRefused(w, r, err) {
		return
	}
	if before.Role != u.Role {
		h.audit(r, "user_role", userAudit(before), userAudit(u))
	}
	h.flash(w, r, "success", u.Email+" is now "+views.RoleLabel(u.Role)+".")
	http.Redirect(w, r, "/users", http.StatusSeeOther)
}

// removeUser handles POST /users/{id}/delete (super admin): the user, their
// invite links and their sessions are deleted at once.
func (h *Handler) removeUser(w http.ResponseWriter, r *http.Request) {
	u, err := h.store.RemoveUser(r.Context(), orgIDFrom(r.Context()), r.PathValue("id"))
	if h.userChangeRefused(w, r, err) {
		return
	}
	h.audit(r, "user_remove", userAudit(u), nil)
	if self := currentUser(r.Context()); self != nil && self.ID == u.ID {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	h.flash(w, r, "success", u.Email+" was removed and logged out.")
	http.Redirect(w, r, "/users", http.StatusSeeOther)
}

// userChangeRefused answers a failed role change or removal: the last super
// admin and bad roles go back to the page with a message; other errors are
// error pages. It reports whether it answered.
func (h *Handler) userChangeRefused(w http.ResponseWriter, r *http.Request, err error) bool {
	var verr *models.ValidationError
	switch {
	case err == nil:
		return false
	case errors.Is(err, models.ErrLastSuperAdmin):
		h.flash(w, r, "error", classify(err).Message)
	case errors.As(err, &verr):
		h.flash(w, r, "error", "Choose member, admin or super admin.")
	default:
		h.renderError(w, r, err)
		return true
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return true
}

// renderUsers writes the Users page p (rows and chrome filled in here) at 200.
func (h *Handler) renderUsers(w http.ResponseWriter, r *http.Request, p views.UsersPage) {
	ctx := r.Context()
	users, err := h.store.OrgUsers(ctx, orgIDFrom(ctx))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	self := currentUser(ctx)
	for _, u := range users {
		p.Users = append(p.Users, views.UserRow{ID: u.ID, Email: u.Email, Role: u.Role, Invited: u.Status == models.UserInvited,
			Created: u.CreatedAt.UTC().Format("2006-01-02"), IsSelf: self != nil && self.ID == u.ID})
	}
	p.Chrome = h.chrome(w, r, "Users", "users")
	views.Users(p).Render(ctx, w)
}

// inviteURL is PUBLIC_URL/invite/<secret> (docs/CONTRACT.md §6).
func (h *Handler) inviteURL(secret string) string { return h.publicURL + "/invite/" + secret }

// userAudit is a user as the audit log records it.
func userAudit(u *models.User) any {
	return map[string]string{"user": u.Email, "role": u.Role, "status": u.Status}
}
