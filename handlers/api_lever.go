package handlers

import (
	"net/http"

	"github.com/intervue/lever-integration/models"
)

type leverStatusJSON struct {
	Status         string `json:"status"`
	Enabled        bool   `json:"enabled"`
	WebhookURL     string `json:"webhook_url"`
	LeverAccountID string `json:"lever_account_id"`
	// LeverRegion is the Lever data centre of the connection, "us" or "eu"
	// (docs/CONTRACT.md §4).
	LeverRegion string `json:"lever_region"`
}

func (h *Handler) leverStatus(c *models.LeverConnection) leverStatusJSON {
	return leverStatusJSON{Status: c.Status, Enabled: c.Enabled, WebhookURL: h.engine.WebhookURL(c), LeverAccountID: c.AccountID, LeverRegion: c.Region}
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

// setEnabled toggles processing and, when turning on, resumes paused
// writes (the engine writes the audit entry and the sync-log line).
func (h *Handler) setEnabled(r *http.Request, on bool) (*models.LeverConnection, error) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	return h.engine.SetEnabled(ctx, orgID, on, actor(r, orgID))
}

// actorName names who made the request for sync-log messages.
func actorName(r *http.Request) string {
	if currentUser(r.Context()) != nil || apiKeyFrom(r.Context()) != nil {
		return auditActor(r)
	}
	return "the API"
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
	c, err := h.mapStages(r, m, "")
	if err != nil {
		h.apiErr(w, r, err)
		return
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
	p, err := h.mapPosting(r, r.PathValue("posting_id"), pid)
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toPostingJSON(*p))
}
