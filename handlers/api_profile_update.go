package handlers

import (
	"net/http"

	"github.com/intervue/lever-integration/models"
)

// apiUpdateProfile handles PUT /api/v1/profiles/{id}: the profile's new
// name, duration_minutes and skills; 200 with the stored profile, 422 when
// invalid or when another profile of the organization has the name, 404
// for an unknown (or deleted) profile.
func (h *Handler) apiUpdateProfile(w http.ResponseWriter, r *http.Request) {
	var in models.ProfileInput
	if !h.apiDecode(w, r, &in) {
		return
	}
	p, err := h.changeProfile(r, r.PathValue("id"), in, "")
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toProfileJSON(*p))
}
