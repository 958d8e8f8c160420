package views

// UsersPage is the Users page (super admins): the organization's people, an
// invite form and, right after an invite, the link to copy (shown once: only
// its hash is stored).
type UsersPage struct {
	Chrome Chrome
	Users  []UserRow
	Form   InviteForm
	// NewLink is the invite link just made, for Email; "" otherwise.
	NewLink      string
	NewLinkEmail string
	NewLinkUntil string // when it expires, UTC
}

// UserRow is one person of the organization.
type UserRow struct {
	ID      string
	Email   string
	Role    string // super_admin, admin or member
	Invited bool   // has not set a password yet
	Created string
	IsSelf  bool
}

// RoleURL is where the row's role form posts.
func (u UserRow) RoleURL() string { return "/users/" + u.ID + "/role" }

// RemoveURL is where the row's remove form posts.
func (u UserRow) RemoveURL() string { return "/users/" + u.ID + "/delete" }

// InviteURL is where the row's "new invite link" form posts.
func (u UserRow) InviteURL() string { return "/users/" + u.ID + "/invite" }

// InviteForm is the invite form as submitted, with errors by field (email, role).
type InviteForm struct {
	Email  string
	Role   string
	Errors map[string]string
}

// Error returns the message for field ("" if none).
func (f InviteForm) Error(field string) string { return f.Errors[field] }

// Roles are the organization roles in the order the role pickers list them.
var Roles = []string{"member", "admin", "super_admin"}

// RoleLabel is a role in the admin's words.
func RoleLabel(role string) string {
	switch role {
	case "super_admin":
		return "Super admin"
	case "admin":
		return "Admin"
	case "member":
		return "Member"
	}
	return role
}

// RoleHelp says what a role may do (docs/DESIGN.md §4).
func RoleHelp(role string) string {
	switch role {
	case "super_admin":
		return "everything, including connecting Lever, turning it on and off, and managing users"
	case "admin":
		return "stage and posting mappings, profiles, retries and interview actions"
	}
	return "read only"
}

// InvitePage is the page an invite link opens: the set-password form, or
// why the link cannot be used.
type InvitePage struct {
	Chrome  Chrome
	Email   string
	OrgName string
	Role    string
	// Problem is set when the link cannot be used: "used", "expired" or "unknown".
	Problem string
	Expired string // when it expired, UTC
	Errors  map[string]string
}

// Error returns the message for field ("" if none).
func (p InvitePage) Error(field string) string { return p.Errors[field] }

// AccountPage is a user's own account page: who they are and a password change form.
type AccountPage struct {
	Chrome  Chrome
	Email   string
	Role    string
	OrgName string
	Errors  map[string]string
}

// Error returns the message for field ("" if none).
func (p AccountPage) Error(field string) string { return p.Errors[field] }
