package sandbox

import (
	"net/http"
	"slices"
)

// userRow is one user on the pipeline page.
type userRow struct {
	ID, Name, Email, Role, Deactivated string
}

// SetUserActive deactivates (active false, at the sandbox's now) or
// reactivates a user of account, as a Lever super admin would in Lever's
// settings. Writes with perform_as a deactivated user are then refused
// with 400 "Invalid perform_as user" (docs/LEVER_API.md §4.9). It reports
// whether the user exists.
func (s *Server) SetUserActive(account, userID string, active bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[account]
	if a == nil {
		return false
	}
	u := a.user(userID)
	if u == nil {
		return false
	}
	u.DeactivatedAt = 0
	if !active {
		u.DeactivatedAt = s.nowMS()
	}
	return true
}

// Files returns the files attached to an opportunity (copies, in upload
// order); nil when the account or opportunity is unknown.
func (s *Server) Files(account, oppID string) []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[account]
	if a == nil {
		return nil
	}
	o := a.opp(oppID)
	if o == nil {
		return nil
	}
	out := slices.Clone(o.Files)
	for i := range out {
		out[i].Data = slices.Clone(out[i].Data)
	}
	return out
}

// usersLocked lists the account's users for the pipeline page.
func usersLocked(a *account) []userRow {
	out := make([]userRow, 0, len(a.users))
	for _, u := range a.users {
		row := userRow{ID: u.ID, Name: u.Name, Email: u.Email, Role: u.AccessRole}
		if u.DeactivatedAt != 0 {
			row.Deactivated = fmtMS(u.DeactivatedAt)
		}
		out = append(out, row)
	}
	return out
}

// handlePipelineUserActive serves POST /pipeline/users/active (account,
// user, active=on|off): a Lever super admin deactivating or reactivating a
// user in Lever's settings.
func (s *Server) handlePipelineUserActive(w http.ResponseWriter, r *http.Request) {
	acct, id, on := r.PostFormValue("account"), r.PostFormValue("user"), r.PostFormValue("active") == "on"
	if !s.SetUserActive(acct, id, on) {
		backToPipeline(w, r, acct, "No such user.", "users")
		return
	}
	msg := "User deactivated: Lever now refuses writes made as this user."
	if on {
		msg = "User reactivated."
	}
	backToPipeline(w, r, acct, msg, "users")
}
