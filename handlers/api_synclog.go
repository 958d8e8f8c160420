package handlers

import (
	"net/http"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

// syncEventJSON is one sync-log line of the API (docs/CONTRACT.md §4 and
// §7): code is the outcome code (CodeLegacy for rows written before codes),
// params its named parameters ({} when there are none).
type syncEventJSON struct {
	At          time.Time         `json:"at"`
	Kind        string            `json:"kind"`
	Code        string            `json:"code"`
	Params      map[string]string `json:"params"`
	Status      string            `json:"status"`
	Message     string            `json:"message"`
	InterviewID string            `json:"interview_id"`
}

// apiSyncLog handles GET /api/v1/sync-log?opportunity_id=: the candidate's
// lines, oldest first; 400 without opportunity_id (docs/CONTRACT.md §7).
func (h *Handler) apiSyncLog(w http.ResponseWriter, r *http.Request) {
	f := models.SyncLogFilter{OrgID: orgIDFrom(r.Context()), OpportunityID: queryString(r, "opportunity_id", "")}
	if f.OpportunityID == "" {
		h.apiError(w, r, http.StatusBadRequest, "opportunity_id_required", "opportunity_id is required: the sync log is read one candidate at a time")
		return
	}
	evs, _, err := h.store.SyncLog(r.Context(), f)
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	out := make([]syncEventJSON, 0, len(evs))
	for _, e := range evs {
		code, params := e.Code, leversync.ParseParams(e.Params)
		if code == "" {
			code = string(leversync.CodeLegacy)
		}
		if params == nil {
			params = leversync.Params{}
		}
		out = append(out, syncEventJSON{At: e.At.UTC(), Kind: e.Kind, Code: code, Params: params, Status: e.Status, Message: e.Message, InterviewID: e.InterviewID})
	}
	writeJSON(w, http.StatusOK, out)
}
