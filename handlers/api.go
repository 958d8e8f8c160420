package handlers

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

type apiErrorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// apiError answers {"error": {"code", "message"}} (CONTRACT.md §4).
func (h *Handler) apiError(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	writeJSON(w, status, map[string]apiErrorBody{"error": {Code: code, Message: msg}})
}

// apiErr maps an error to the API error vocabulary; 5xx are logged.
func (h *Handler) apiErr(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := errorStatus(err)
	body := apiErrorBody{Message: msg}
	var verr *models.ValidationError
	switch {
	case errors.As(err, &verr):
		body.Code, body.Fields = "validation_failed", verr.Fields
	case status == http.StatusNotFound:
		body.Code = "not_found"
	case errors.Is(err, leversync.ErrNeedsReauth):
		body.Code = "lever_needs_reauth"
	case errors.Is(err, leversync.ErrDisconnected):
		body.Code = "lever_not_connected"
	case status == http.StatusConflict:
		body.Code = "conflict"
	default:
		body.Code = "internal_error"
		h.log.Error("api request failed", "err", err, "method", r.Method, "path", r.URL.Path)
	}
	writeJSON(w, status, map[string]apiErrorBody{"error": body})
}

func (h *Handler) apiNotFound(w http.ResponseWriter, r *http.Request) {
	h.apiError(w, r, http.StatusNotFound, "not_found", "no such endpoint: "+r.Method+" "+r.URL.Path)
}

// apiDecode decodes the body or answers 400.
func (h *Handler) apiDecode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := decodeJSON(r, v); err != nil {
		h.apiError(w, r, http.StatusBadRequest, "bad_request", err.Error())
		return false
	}
	return true
}

type leverStatusJSON struct {
	Status         string `json:"status"`
	Enabled        bool   `json:"enabled"`
	WebhookURL     string `json:"webhook_url"`
	LeverAccountID string `json:"lever_account_id"`
}

func (h *Handler) leverStatus(c *models.LeverConnection) leverStatusJSON {
	return leverStatusJSON{Status: c.Status, Enabled: c.Enabled, WebhookURL: h.engine.WebhookURL(c), LeverAccountID: c.AccountID}
}

// apiLever handles GET /api/v1/lever.
func (h *Handler) apiLever(w http.ResponseWriter, r *http.Request) {
	c, err := h.store.Connection(r.Context(), orgIDFrom(r.Context()))
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h.leverStatus(c))
}

// apiSetEnabled handles PUT /api/v1/lever/enabled {"enabled": bool}.
func (h *Handler) apiSetEnabled(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Enabled *bool `json:"enabled"`
	}
	if !h.apiDecode(w, r, &in) {
		return
	}
	if in.Enabled == nil {
		h.apiErr(w, r, &models.ValidationError{Fields: map[string]string{"enabled": "enabled (true or false) is required"}})
		return
	}
	c, err := h.setEnabled(r, *in.Enabled)
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"enabled": c.Enabled})
}

// setEnabled toggles processing and, when turning on, resumes paused writes.
func (h *Handler) setEnabled(r *http.Request, on bool) (*models.LeverConnection, error) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	before := h.connectionNow(ctx, orgID)
	c, err := h.store.SetEnabled(ctx, orgID, on)
	if err != nil {
		return nil, err
	}
	if before != nil && before.Enabled != c.Enabled {
		h.audit(r, "enabled", map[string]bool{"enabled": before.Enabled}, map[string]bool{"enabled": c.Enabled})
	}
	state := "disabled: deliveries are recorded but not acted on, and no Lever writes are made"
	if on {
		state = "enabled"
		if err := h.engine.Resume(ctx, orgID); err != nil {
			return nil, err
		}
	}
	h.store.Log(ctx, models.SyncEvent{OrgID: orgID, Kind: "connection", Status: models.LogOK, Message: "Integration " + state + " by " + actorName(r) + "."})
	return c, nil
}

func actorName(r *http.Request) string {
	if u := currentUser(r.Context()); u != nil {
		return u.Email
	}
	return "the API"
}

// apiSetSignatureToken handles PUT /api/v1/lever/webhook-signature-token.
func (h *Handler) apiSetSignatureToken(w http.ResponseWriter, r *http.Request) {
	var in struct {
		SignatureToken string `json:"signature_token"`
	}
	if !h.apiDecode(w, r, &in) {
		return
	}
	before := h.connectionNow(r.Context(), orgIDFrom(r.Context()))
	if err := h.store.SetSignatureToken(r.Context(), orgIDFrom(r.Context()), in.SignatureToken); err != nil {
		h.apiErr(w, r, err)
		return
	}
	h.audit(r, "signature_token", tokenAudit(before), map[string]string{"signature_token": "set"})
	writeJSON(w, http.StatusOK, map[string]bool{"signature_token_set": true})
}

type stageJSON struct {
	ID      string `json:"id"`
	Text    string `json:"text"`
	Deleted bool   `json:"deleted,omitempty"`
}

// apiStages handles GET /api/v1/lever/stages: Lever's stages (cached at
// connect; ?refresh=1 reloads them from Lever).
func (h *Handler) apiStages(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	c, err := h.store.Connection(ctx, orgID)
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	if r.URL.Query().Get("refresh") != "" || c.StagesSyncedAt == nil {
		if err := h.engine.RefreshStages(ctx, orgID); err != nil {
			h.apiErr(w, r, err)
			return
		}
	}
	stages, err := h.store.Stages(ctx, c.ID)
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	out := []stageJSON{}
	for _, s := range stages {
		out = append(out, stageJSON{ID: s.ID, Text: s.Text, Deleted: s.Deleted})
	}
	writeJSON(w, http.StatusOK, out)
}

// apiStageMapping handles GET /api/v1/lever/stage-mapping.
func (h *Handler) apiStageMapping(w http.ResponseWriter, r *http.Request) {
	c, err := h.store.Connection(r.Context(), orgIDFrom(r.Context()))
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c.Mapping())
}

// apiSetStageMapping handles PUT /api/v1/lever/stage-mapping.
func (h *Handler) apiSetStageMapping(w http.ResponseWriter, r *http.Request) {
	var m models.StageMapping
	if !h.apiDecode(w, r, &m) {
		return
	}
	before := h.connectionNow(r.Context(), orgIDFrom(r.Context()))
	c, err := h.store.SaveStageMapping(r.Context(), orgIDFrom(r.Context()), m)
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	if before != nil {
		h.auditStageMapping(r, c.ID, before.Mapping(), c.Mapping())
	}
	writeJSON(w, http.StatusOK, c.Mapping())
}

type postingJSON struct {
	ID        string  `json:"id"`
	Text      string  `json:"text"`
	State     string  `json:"state"`
	Team      string  `json:"team"`
	Location  string  `json:"location"`
	ProfileID *string `json:"profile_id"`
}

func toPostingJSON(p models.PostingRow) postingJSON {
	out := postingJSON{ID: p.ID, Text: p.Text, State: p.State, Team: p.Team, Location: p.Location}
	if p.ProfileID != "" {
		id := p.ProfileID
		out.ProfileID = &id
	}
	return out
}

// apiPostings handles GET /api/v1/lever/postings?q=&state=.
func (h *Handler) apiPostings(w http.ResponseWriter, r *http.Request) {
	rows, _, err := h.store.Postings(r.Context(), orgIDFrom(r.Context()), models.PostingFilter{Q: queryString(r, "q", ""), State: queryString(r, "state", "")})
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	out := make([]postingJSON, 0, len(rows))
	for _, p := range rows {
		out = append(out, toPostingJSON(p))
	}
	writeJSON(w, http.StatusOK, out)
}

// apiSetPostingProfile handles PUT /api/v1/lever/postings/{posting_id}/profile.
func (h *Handler) apiSetPostingProfile(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ProfileID *string `json:"profile_id"`
	}
	if !h.apiDecode(w, r, &in) {
		return
	}
	pid := ""
	if in.ProfileID != nil {
		pid = *in.ProfileID
	}
	before, _ := h.store.Posting(r.Context(), orgIDFrom(r.Context()), r.PathValue("posting_id"))
	p, err := h.store.SetPostingProfile(r.Context(), orgIDFrom(r.Context()), r.PathValue("posting_id"), pid)
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	if before == nil || before.ProfileID != p.ProfileID {
		h.audit(r, "posting_profile", postingAudit(before), postingAudit(p))
	}
	writeJSON(w, http.StatusOK, toPostingJSON(*p))
}

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
	p, err := h.store.CreateProfile(r.Context(), orgIDFrom(r.Context()), in)
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	h.audit(r, "profile_create", nil, profileAudit(p))
	writeJSON(w, http.StatusCreated, toProfileJSON(*p))
}

// apiCredits handles GET /api/v1/credits.
func (h *Handler) apiCredits(w http.ResponseWriter, r *http.Request) {
	o, err := h.store.Organization(r.Context(), orgIDFrom(r.Context()))
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"balance": o.Credits})
}

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
	if iv.ReportToken != "" && iv.LinksRevokedAt == nil {
		out.ReportURL = h.engine.LinkURL("report", iv.ReportToken)
	}
	return out
}

// apiInterviews handles GET /api/v1/interviews?opportunity_id=&status=.
func (h *Handler) apiInterviews(w http.ResponseWriter, r *http.Request) {
	ivs, _, err := h.store.Interviews(r.Context(), models.InterviewFilter{OrgID: orgIDFrom(r.Context()), OpportunityID: queryString(r, "opportunity_id", ""), Status: queryString(r, "status", "")})
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

// apiEvent decodes an interview event body, applies it and answers 200
// with the updated interview (Lever writes follow asynchronously).
func apiEvent[T any](h *Handler, apply func(*Handler, *http.Request, string, T) (*models.Interview, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in T
		if !h.apiDecode(w, r, &in) {
			return
		}
		if _, err := h.store.Interview(r.Context(), orgIDFrom(r.Context()), r.PathValue("id")); err != nil {
			h.apiErr(w, r, err)
			return
		}
		iv, err := apply(h, r, r.PathValue("id"), in)
		if err != nil {
			h.apiErr(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, h.toInterviewJSON(*iv))
	}
}

func (h *Handler) apiSchedule(w http.ResponseWriter, r *http.Request) {
	apiEvent(h, func(h *Handler, r *http.Request, id string, in leversync.ScheduleInput) (*models.Interview, error) {
		return h.engine.Schedule(r.Context(), orgIDFrom(r.Context()), id, in)
	})(w, r)
}

func (h *Handler) apiComplete(w http.ResponseWriter, r *http.Request) {
	apiEvent(h, func(h *Handler, r *http.Request, id string, in leversync.CompleteInput) (*models.Interview, error) {
		return h.engine.Complete(r.Context(), orgIDFrom(r.Context()), id, in)
	})(w, r)
}

func (h *Handler) apiFailInterview(w http.ResponseWriter, r *http.Request) {
	apiEvent(h, func(h *Handler, r *http.Request, id string, in leversync.FailInput) (*models.Interview, error) {
		return h.engine.Fail(r.Context(), orgIDFrom(r.Context()), id, in)
	})(w, r)
}

type syncEventJSON struct {
	At          time.Time `json:"at"`
	Kind        string    `json:"kind"`
	Status      string    `json:"status"`
	Message     string    `json:"message"`
	InterviewID string    `json:"interview_id"`
}

// apiSyncLog handles GET /api/v1/sync-log?opportunity_id=: oldest first
// (without opportunity_id: the organization's latest 500 lines).
func (h *Handler) apiSyncLog(w http.ResponseWriter, r *http.Request) {
	f := models.SyncLogFilter{OrgID: orgIDFrom(r.Context()), OpportunityID: queryString(r, "opportunity_id", "")}
	if f.OpportunityID == "" {
		f.Newest, f.Limit = true, 500
	}
	evs, _, err := h.store.SyncLog(r.Context(), f)
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	if f.Newest {
		for i, j := 0, len(evs)-1; i < j; i, j = i+1, j-1 {
			evs[i], evs[j] = evs[j], evs[i]
		}
	}
	out := make([]syncEventJSON, 0, len(evs))
	for _, e := range evs {
		out = append(out, syncEventJSON{At: e.At.UTC(), Kind: e.Kind, Status: e.Status, Message: e.Message, InterviewID: e.InterviewID})
	}
	writeJSON(w, http.StatusOK, out)
}
