package handlers

import (
	"net/http"

	"github.com/intervue/lever-integration/models"
)

// revokeLinks handles POST /interviews/{id}/revoke-links (admin): the
// report and playback links stop working at once, including those already
// written into Lever notes.
func (h *Handler) revokeLinks(w http.ResponseWriter, r *http.Request) {
	iv, err := h.store.Interview(r.Context(), readOrgID(r.Context()), r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if err := h.revokeInterviewLinks(r, iv); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.flash(w, r, "success", "Report and playback links revoked: they now answer 404.")
	http.Redirect(w, r, "/interviews/"+iv.ID, http.StatusSeeOther)
}

// apiRevokeLinks handles POST /api/v1/interviews/{id}/revoke-links: 200 with
// the interview, whose report_url is then empty.
func (h *Handler) apiRevokeLinks(w http.ResponseWriter, r *http.Request) {
	iv, err := h.store.Interview(r.Context(), orgIDFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	if err := h.revokeInterviewLinks(r, iv); err != nil {
		h.apiErr(w, r, err)
		return
	}
	iv, err = h.store.Interview(r.Context(), iv.OrgID, iv.ID)
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h.toInterviewJSON(*iv))
}

func (h *Handler) revokeInterviewLinks(r *http.Request, iv *models.Interview) error {
	if err := h.store.RevokeLinks(r.Context(), iv.OrgID, iv.ID); err != nil {
		return err
	}
	return h.store.Log(r.Context(), models.SyncEvent{OrgID: iv.OrgID, OpportunityID: iv.OpportunityID, InterviewID: iv.ID, Kind: "event", Status: models.LogOK,
		Message: "Report and playback links of interview " + iv.Ref + " revoked by " + actorName(r) + "."})
}
