package handlers

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/intervue/lever-integration/models"
)

// revokeLinks handles POST /interviews/{id}/revoke-links (admin): the
// report and playback links stop working at once, including those already
// written into Lever notes.
func (h *Handler) revokeLinks(w http.ResponseWriter, r *http.Request) {
	iv, err := h.findInterview(r.Context(), r.PathValue("id"))
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
	return h.engine.RevokeLinks(r.Context(), iv, actor(r, iv.OrgID))
}

// maxLinkDays bounds expires_in_days of a re-issue (10 years).
const maxLinkDays = 3650

// reissueLinks handles POST /interviews/{id}/reissue-links (admin), field
// expires_in_days (optional, 1 to 3650): new report and playback links, the
// old ones (revoked or not) stop working, and a Lever note gets the new
// ones. A bad field answers 422 naming it and its limit.
func (h *Handler) reissueLinks(w http.ResponseWriter, r *http.Request) {
	iv, err := h.findInterview(r.Context(), r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	var expire *time.Time
	if v := strings.TrimSpace(r.PostFormValue("expires_in_days")); v != "" {
		days, err := strconv.Atoi(v)
		if err != nil || days < 1 || days > maxLinkDays {
			h.renderError(w, r, &models.ValidationError{Fields: map[string]string{"expires_in_days": fmt.Sprintf("the link expiry must be a whole number of days from 1 to %d, or empty for no expiry", maxLinkDays)}})
			return
		}
		t := h.now().UTC().Add(time.Duration(days) * 24 * time.Hour)
		expire = &t
	}
	if _, err := h.engine.ReissueLinks(r.Context(), iv.OrgID, iv.ID, expire, actor(r, iv.OrgID)); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.flash(w, r, "success", "New report and playback links issued: the old ones no longer work, and a Lever note with the new ones follows within seconds.")
	http.Redirect(w, r, "/interviews/"+iv.ID, http.StatusSeeOther)
}

// apiReissueLinks handles POST /api/v1/interviews/{id}/reissue-links
// {"expires_at": RFC 3339 or null}: 200 with the interview, whose
// report_url is the new link.
func (h *Handler) apiReissueLinks(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ExpiresAt *time.Time `json:"expires_at"`
	}
	if r.ContentLength != 0 && !h.apiDecode(w, r, &in) {
		return
	}
	iv, err := h.store.Interview(r.Context(), orgIDFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	iv, err = h.engine.ReissueLinks(r.Context(), iv.OrgID, iv.ID, in.ExpiresAt, actor(r, iv.OrgID))
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h.toInterviewJSON(*iv))
}
