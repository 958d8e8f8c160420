package handlers

import (
	"net/http"
	"time"

	"github.com/intervue/lever-integration/models"
)

// userJSON is a user in the JSON API (docs/CONTRACT.md §6). InviteURL is set
// only in the answer that creates the invite (the secret is stored hashed).
type userJSON struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	InviteURL string    `json:"invite_url,omitempty"`
}

// UserJSON renders a user for the API and the `users add` command; inviteURL
// may be "".
func UserJSON(u *models.User, inviteURL string) any {
	return userJSON{ID: u.ID, Email: u.Email, Role: u.Role, Status: u.Status, CreatedAt: u.CreatedAt.UTC(), InviteURL: inviteURL}
}

// apiUsers handles GET /api/v1/users: the organization's users by email.
func (h *Handler) apiUsers(w http.ResponseWriter, r *http.Request) {
	users, err := h.store.OrgUsers(r.Context(), orgIDFrom(r.Context()))
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	out := make([]any, 0, len(users))
	for i := range users {
		out = append(out, UserJSON(&users[i], ""))
	}
	writeJSON(w, http.StatusOK, out)
}

// apiInviteUser handles POST /api/v1/users {"email", "role"}: 201 with the
// invited user and invite_url; 409 email_taken.
func (h *Handler) apiInviteUser(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email string `json:"email"`
		Role  string `json:"role"`
	}
	if !h.apiDecode(w, r, &in) {
		return
	}
	inv, err := h.invite(r, in.Email, in.Role)
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, UserJSON(&inv.User, h.inviteURL(inv.Secret)))
}

// apiUpdateUser handles PUT /api/v1/users/{id} {"role"}: 200 with the user;
// 409 last_super_admin.
func (h *Handler) apiUpdateUser(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Role string `json:"role"`
	}
	if !h.apiDecode(w, r, &in) {
		return
	}
	u, err := h.setRole(r, r.PathValue("id"), in.Role)
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, UserJSON(u, ""))
}

// apiDeleteUser handles DELETE /api/v1/users/{id}: 204; the user's sessions
// end at once; 409 last_super_admin.
func (h *Handler) apiDeleteUser(w http.ResponseWriter, r *http.Request) {
	if _, err := h.remove(r, r.PathValue("id")); err != nil {
		h.apiErr(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
