package handlers

import (
	"net/http"

	"github.com/intervue/lever-integration/models"
)

// Role ranks inside an organization (docs/DESIGN.md §4), for requireRole.
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

// effectiveRank is u's rank in orgID for the organization's settings: their
// own role in their own organization; support staff only read other
// organizations (roleMember), so no setting of another organization is
// theirs to change (docs/security.md, "Roles"). Interview events and
// retries are a separate grant: canOps.
func effectiveRank(u *models.User, orgID string) int {
	switch {
	case u == nil || orgID == "":
		return 0
	case u.OrgID == orgID:
		return roleRank(u.Role)
	case isStaff(u):
		return roleMember
	}
	return 0
}

// canOps reports whether u may run interview events (schedule, complete,
// fail) and retries in orgID: the organization's admins and super admins,
// and support staff in every organization (each action audited with who).
func canOps(u *models.User, orgID string) bool {
	return effectiveRank(u, orgID) >= roleAdmin || (isStaff(u) && orgID != "")
}

// requireRole is requireLogin plus a minimum role of the user's own in the
// acting organization (support staff act only as readers of other
// organizations); others get 403 with a message (roles are enforced here,
// not only by hidden buttons).
func (h *Handler) requireRole(min int, fn http.HandlerFunc) http.Handler {
	return h.requireLogin(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if effectiveRank(currentUser(r.Context()), orgIDFrom(r.Context())) < min {
			h.renderError(w, r, errForbidden(min))
			return
		}
		fn(w, r)
	}))
}

// requireOps is requireLogin plus the right to run interview events and
// retries in some organization (an admin of their own, or support staff);
// the handler checks canOps against the organization of the record it
// acts on, which may be another one for staff.
func (h *Handler) requireOps(fn http.HandlerFunc) http.Handler {
	return h.requireLogin(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r.Context())
		if !isStaff(u) && effectiveRank(u, orgIDFrom(r.Context())) < roleAdmin {
			h.renderError(w, r, errForbidden(roleAdmin))
			return
		}
		fn(w, r)
	}))
}

// requireStaff is requireLogin for platform support staff only.
func (h *Handler) requireStaff(fn http.HandlerFunc) http.Handler {
	return h.requireLogin(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isStaff(currentUser(r.Context())) {
			h.renderError(w, r, errForbidden(roleStaff))
			return
		}
		fn(w, r)
	}))
}
