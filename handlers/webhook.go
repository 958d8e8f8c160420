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
		webhookAnswer(w, http.StatusServiceUnavailable, "temporarily unable to store the delivery; retry later")
		return
	}
	h.metrics.webhook(rc.Result)
	webhookAnswer(w, rc.Status, rc.Message)
}

// webhookAnswer writes the receiver's answer to Lever (docs/CONTRACT.md
// §3): {"status": msg} for 2xx, {"error": msg} otherwise.
func webhookAnswer(w http.ResponseWriter, status int, msg string) {
	key := "status"
	if status >= 300 {
		key = "error"
	}
	writeJSON(w, status, map[string]string{key: msg})
}
