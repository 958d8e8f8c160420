package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/reports"
)

// showReport handles GET /links/report/{token}: the interview's PDF report,
// without login; the token is unguessable (192 bits) and revocable.
func (h *Handler) showReport(w http.ResponseWriter, r *http.Request) {
	iv, err := h.store.InterviewByLinkToken(r.Context(), "report", r.PathValue("token"))
	if errors.Is(err, models.ErrNotFound) {
		http.Error(w, "This report link is unknown or was revoked.", http.StatusNotFound)
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	org, err := h.store.Organization(r.Context(), iv.OrgID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	rep := reports.Report{
		OrgName: org.Name, CandidateName: iv.CandidateName, CandidateEmail: iv.CandidateEmail, PostingTitle: iv.PostingTitle,
		ProfileName: iv.ProfileName, Interviewer: iv.Interviewer, Verdict: iv.Verdict, Timezone: iv.Timezone,
		DurationMinutes: iv.DurationMinutes, Summary: iv.Summary, PlaybackURL: h.engine.LinkURL("playback", iv.PlaybackToken),
		Reference: iv.Ref, GeneratedAt: iv.UpdatedAt.UTC(),
	}
	if iv.ScheduledAt != nil {
		rep.ScheduledAt = *iv.ScheduledAt
	}
	if iv.Ratings != "" {
		if err := json.Unmarshal([]byte(iv.Ratings), &rep.Ratings); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	var buf bytes.Buffer
	if err := reports.Render(&buf, rep); err != nil {
		h.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="interview-report-`+iv.Ref+`.pdf"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	w.Write(buf.Bytes())
}

// redirectPlayback handles GET /links/playback/{token}: 302 to the recording
// the platform gave, without login; revocable like the report link.
func (h *Handler) redirectPlayback(w http.ResponseWriter, r *http.Request) {
	iv, err := h.store.InterviewByLinkToken(r.Context(), "playback", r.PathValue("token"))
	if errors.Is(err, models.ErrNotFound) || (err == nil && iv.PlaybackURL == "") {
		http.Error(w, "This playback link is unknown or was revoked.", http.StatusNotFound)
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	http.Redirect(w, r, iv.PlaybackURL, http.StatusFound)
}
