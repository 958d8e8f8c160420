package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

type interviewJSON struct {
	ID            string     `json:"id"`
	OpportunityID string     `json:"opportunity_id"`
	CandidateName string     `json:"candidate_name"`
	PostingID     string     `json:"posting_id"`
	ProfileID     string     `json:"profile_id"`
	Status        string     `json:"status"`
	ScheduledAt   *time.Time `json:"scheduled_at"`
	Timezone      string     `json:"timezone"`
	Verdict       string     `json:"verdict"`
	PlaybackURL   string     `json:"playback_url"`
	ReportURL     string     `json:"report_url"`
	FailureReason string     `json:"failure_reason"`
	LinksExpireAt *time.Time `json:"links_expire_at"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

func (h *Handler) toInterviewJSON(iv models.Interview) interviewJSON {
	out := interviewJSON{ID: iv.ID, OpportunityID: iv.OpportunityID, CandidateName: iv.CandidateName, PostingID: iv.PostingID,
		ProfileID: iv.ProfileID, Status: iv.Status, ScheduledAt: iv.ScheduledAt, Timezone: iv.Timezone, Verdict: iv.Verdict,
		PlaybackURL: iv.PlaybackURL, FailureReason: iv.FailureReason, CreatedAt: iv.CreatedAt.UTC(), UpdatedAt: iv.UpdatedAt.UTC()}
	if out.ScheduledAt != nil {
		t := out.ScheduledAt.UTC()
		out.ScheduledAt = &t
	}
	out.ReportURL, out.LinksExpireAt = h.reportURL(&iv), utcPtr(iv.LinksExpireAt)
	return out
}

// apiInterviews handles GET /api/v1/interviews?opportunity_id=&status=; a
// status that is none of the five is 422 naming the ones there are (an
// unknown one would otherwise answer an empty list, as if none matched).
func (h *Handler) apiInterviews(w http.ResponseWriter, r *http.Request) {
	status := queryString(r, "status", "")
	switch status {
	case "", models.StatusToBeScheduled, models.StatusScheduled, models.StatusYes, models.StatusNo, models.StatusUnable:
	default:
		h.apiErr(w, r, &models.ValidationError{Fields: map[string]string{"status": "status must be to_be_scheduled, scheduled, intervue_yes, intervue_no or unable_to_schedule"}})
		return
	}
	ivs, _, err := h.store.Interviews(r.Context(), models.InterviewFilter{OrgID: orgIDFrom(r.Context()), OpportunityID: queryString(r, "opportunity_id", ""), Status: status})
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	out := make([]interviewJSON, 0, len(ivs))
	for _, iv := range ivs {
		out = append(out, h.toInterviewJSON(iv))
	}
	writeJSON(w, http.StatusOK, out)
}

// apiInterview handles GET /api/v1/interviews/{id}; another org's id is 404.
func (h *Handler) apiInterview(w http.ResponseWriter, r *http.Request) {
	iv, err := h.store.Interview(r.Context(), orgIDFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h.toInterviewJSON(*iv))
}

// apiEvent decodes an interview event body, applies it (an Engine event
// method, which writes the change, its audit entry and its sync-log lines)
// and answers 200 with the updated interview (Lever writes follow
// asynchronously).
func apiEvent[T any](h *Handler, apply func(ctx context.Context, orgID, id string, in T, by leversync.Actor) (*models.Interview, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in T
		if !h.apiDecode(w, r, &in) {
			return
		}
		orgID := orgIDFrom(r.Context())
		if _, err := h.store.Interview(r.Context(), orgID, r.PathValue("id")); err != nil {
			h.apiErr(w, r, err)
			return
		}
		iv, err := apply(r.Context(), orgID, r.PathValue("id"), in, actor(r, orgID))
		if err != nil {
			h.apiErr(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, h.toInterviewJSON(*iv))
	}
}

func (h *Handler) apiSchedule(w http.ResponseWriter, r *http.Request) {
	apiEvent(h, h.engine.Schedule)(w, r)
}

func (h *Handler) apiComplete(w http.ResponseWriter, r *http.Request) {
	apiEvent(h, h.engine.Complete)(w, r)
}

func (h *Handler) apiFailInterview(w http.ResponseWriter, r *http.Request) {
	apiEvent(h, h.engine.Fail)(w, r)
}
