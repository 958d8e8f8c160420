package handlers

import (
	"io"
	"net/http"

	"github.com/intervue/lever-integration/leversync"
)

// receiveWebhook handles POST /webhooks/lever/{key} (docs/CONTRACT.md §3):
// it reads the body (at most 1 MiB), lets the engine decide and store the
// delivery (leversync.Engine.Receive: 2xx only after that commit, one
// database read per delivery, Lever never called), counts the result and
// answers with it in our words.
func (h *Handler) receiveWebhook(w http.ResponseWriter, r *http.Request) {
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	rc, err := h.engine.Receive(r.Context(), leversync.Incoming{
		Key: r.PathValue("key"), Body: body, ReadErr: readErr, Now: h.now(), MaxSkew: h.maxSkew,
	})
	if err != nil {
		// Nothing was stored: 503 so that Lever retries.
		h.metrics.webhook("unavailable")
		h.log.Error("webhook not stored", "err", err, "path", redactPath(r.URL.Path))
		h.apiError(w, r, http.StatusServiceUnavailable, "unavailable", "temporarily unable to store the delivery; retry later")
		return
	}
	h.metrics.webhook(rc.Result)
	if rc.Rejected {
		// The API's error envelope (docs/CONTRACT.md §4) with the reason's code.
		h.apiError(w, r, rc.Status, rc.Code, rc.Message)
		return
	}
	writeJSON(w, rc.Status, map[string]string{"status": rc.Message})
}
