package handlers

import (
	"net/http"
	"time"

	"github.com/intervue/lever-integration/models"
)

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
