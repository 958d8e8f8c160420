package handlers

import (
	"errors"
	"net/http"
	"slices"

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
	inv, err := h.invite(r, form.Email, form.Role)
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
	h.renderUsers(w, r, h.invitedPage(inv))
}

// reissueInvite handles POST /users/{id}/invite (super admin): a new invite
// link for someone who has not set a password yet; older links stop working.
func (h *Handler) reissueInvite(w http.ResponseWriter, r *http.Request) {
	var inv *models.Invitation
	err := h.audited(r, "user_invite_reissue", func(tx *models.Store) (_, _ any, err error) {
		if inv, err = tx.ReissueInvite(r.Context(), orgIDFrom(r.Context()), r.PathValue("id"), auditActor(r)); err != nil {
			return nil, nil, err
		}
		return nil, userAudit(&inv.User), nil
	})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
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
	u, err := h.setRole(r, r.PathValue("id"), r.PostFormValue("role"))
	if h.userChangeRefused(w, r, err) {
		return
	}
	h.flash(w, r, "success", u.Email+" is now "+views.RoleLabel(u.Role)+".")
	http.Redirect(w, r, "/users", http.StatusSeeOther)
}

// removeUser handles POST /users/{id}/delete (super admin): the user, their
// invite links and their sessions are deleted at once.
func (h *Handler) removeUser(w http.ResponseWriter, r *http.Request) {
	u, err := h.remove(r, r.PathValue("id"))
	if h.userChangeRefused(w, r, err) {
		return
	}
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

// invite invites email with role into the request's organization, with
// the audit entry, in one transaction (InviteUser's answer and errors). The
// page and the API call it. An API key may not invite a super admin
// (errKeySuperAdmin, 403, after the store's own refusals such as
// email_taken: the contract's codes come first).
func (h *Handler) invite(r *http.Request, email, role string) (inv *models.Invitation, err error) {
	err = h.audited(r, "user_invite", func(tx *models.Store) (any, any, error) {
		if inv, err = tx.InviteUser(r.Context(), orgIDFrom(r.Context()), email, role, auditActor(r)); err != nil {
			return nil, nil, err
		}
		if err := keyGuard(r, inv.User.Role); err != nil {
			return nil, nil, err // rolls the invite back
		}
		return nil, userAudit(&inv.User), nil
	})
	return inv, err
}

// setRole gives the organization's user id role, with the audit entry (none
// when the role was already role), in one transaction: the user after, or
// ErrNotFound, a *models.ValidationError, models.ErrLastSuperAdmin, or for
// an API key errKeySuperAdmin when the user is or would become super admin.
func (h *Handler) setRole(r *http.Request, id, role string) (u *models.User, err error) {
	ctx, orgID := r.Context(), orgIDFrom(r.Context())
	err = h.audited(r, "user_role", func(tx *models.Store) (any, any, error) {
		before, err := tx.OrgUser(ctx, orgID, id)
		if err != nil {
			return nil, nil, err
		}
		if u, err = tx.SetUserRole(ctx, orgID, id, role); err != nil || u.Role == before.Role {
			return nil, nil, err
		}
		if err := keyGuard(r, before.Role, u.Role); err != nil {
			return nil, nil, err // rolls the change back
		}
		return userAudit(before), userAudit(u), nil
	})
	return u, err
}

// remove deletes the organization's user id with their invites and
// sessions, with the audit entry, in one transaction (RemoveUser's answer
// and errors; for an API key errKeySuperAdmin when the user is super admin).
func (h *Handler) remove(r *http.Request, id string) (u *models.User, err error) {
	err = h.audited(r, "user_remove", func(tx *models.Store) (any, any, error) {
		if u, err = tx.RemoveUser(r.Context(), orgIDFrom(r.Context()), id); err != nil {
			return nil, nil, err
		}
		if err := keyGuard(r, u.Role); err != nil {
			return nil, nil, err // rolls the removal back
		}
		return userAudit(u), nil, nil
	})
	return u, err
}

// keyGuard is errKeySuperAdmin when an API key makes the request and one of
// roles (the user's before or after the change) is super admin; else nil.
func keyGuard(r *http.Request, roles ...string) error {
	if apiKeyFrom(r.Context()) != nil && slices.Contains(roles, models.RoleSuperAdmin) {
		return errKeySuperAdmin
	}
	return nil
}

// userAudit is a user as the audit log records it.
func userAudit(u *models.User) any {
	return map[string]string{"user": u.Email, "role": u.Role, "status": u.Status}
}
