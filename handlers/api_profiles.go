package handlers

import (
	"net/http"

	"github.com/intervue/lever-integration/models"
)

type profileJSON struct {
	ID              string   `json:"id"`
	Name            string   `json:"name"`
	DurationMinutes int      `json:"duration_minutes"`
	Skills          []string `json:"skills"`
}

func toProfileJSON(p models.Profile) profileJSON {
	return profileJSON{ID: p.ID, Name: p.Name, DurationMinutes: p.DurationMinutes, Skills: p.SkillList()}
}

// apiProfiles handles GET /api/v1/profiles.
func (h *Handler) apiProfiles(w http.ResponseWriter, r *http.Request) {
	ps, err := h.store.Profiles(r.Context(), orgIDFrom(r.Context()))
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	out := make([]profileJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, toProfileJSON(p))
	}
	writeJSON(w, http.StatusOK, out)
}

// apiCreateProfile handles POST /api/v1/profiles: 201 with the profile.
func (h *Handler) apiCreateProfile(w http.ResponseWriter, r *http.Request) {
	var in models.ProfileInput
	if !h.apiDecode(w, r, &in) {
		return
	}
	p, err := h.newProfile(r, in)
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toProfileJSON(*p))
}

// apiCredits handles GET /api/v1/credits: balance (docs/CONTRACT.md §4) is
// the credits available; reserved are held by interviews in progress.
func (h *Handler) apiCredits(w http.ResponseWriter, r *http.Request) {
	cr, err := h.store.CreditState(r.Context(), orgIDFrom(r.Context()))
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"balance": cr.Available, "available": cr.Available, "reserved": cr.Reserved})
}
