package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

// receiveWebhook handles POST /webhooks/lever/{key} (docs/CONTRACT.md §3): verify
// the signature, refuse stale deliveries, decide whether the delivery can
// lead to work (cannotLeadToWork), store it and, when it can, its job in one
// transaction shared with concurrent deliveries (models.Ingest), and answer
// 2xx only after that commit. One database read per delivery; Lever is never
// called here. Rejections are answered with the reason in our words and
// counted (rejectWebhook).
func (h *Handler) receiveWebhook(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	// The body first: its opportunity id lets one query return the
	// connection and whether that candidate has an interview in progress.
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	var d *lever.Delivery
	var parseErr error
	probe := ""
	if readErr == nil {
		if d, parseErr = lever.ParseDelivery(body); parseErr == nil {
			if sc, err := d.StageChange(); err == nil && sc != nil {
				probe = sc.OpportunityID
			}
		}
	}
	c, active, err := h.store.ConnectionForDelivery(ctx, r.PathValue("key"), probe)
	if errors.Is(err, models.ErrNotFound) {
		h.metrics.webhook("rejected_unknown_key")
		webhookAnswer(w, http.StatusNotFound, "unknown webhook URL: copy the URL shown on the Intervue.io Lever screen")
		return
	}
	if err != nil {
		h.webhookUnavailable(w, r, err)
		return
	}
	var tooBig *http.MaxBytesError
	if errors.As(readErr, &tooBig) {
		h.rejectWebhook(w, r, c, http.StatusRequestEntityTooLarge, "too_large", "the body is larger than 1 MiB")
		return
	}
	if readErr != nil {
		h.rejectWebhook(w, r, c, http.StatusBadRequest, "malformed", "could not read the body (the connection broke off?)")
		return
	}
	if parseErr != nil {
		h.rejectWebhook(w, r, c, http.StatusBadRequest, "malformed", parseErr.Error())
		return
	}
	// Each of our webhooks has its own signature token: a delivery is
	// checked with its event's token only (docs/CONTRACT.md §8).
	sigToken, err := h.store.SignatureTokenFor(c, d.Event)
	if err != nil {
		h.webhookUnavailable(w, r, err)
		return
	}
	if sigToken == "" {
		h.rejectWebhook(w, r, c, http.StatusUnauthorized, "no_signature_token", "no signature token is configured for this connection: register the webhook or paste its signature token on the Lever screen")
		return
	}
	if !d.Verify(sigToken) {
		h.rejectWebhook(w, r, c, http.StatusUnauthorized, "bad_signature", "missing or invalid signature (HMAC-SHA256 of token+triggeredAt with the webhook's signature token)")
		return
	}
	sc, err := d.StageChange()
	if err != nil {
		h.rejectWebhook(w, r, c, http.StatusBadRequest, "malformed", err.Error())
		return
	}
	if sc == nil {
		sc = &lever.StageChange{}
	}
	at := time.UnixMilli(d.TriggeredAt)
	if skew := h.now().Sub(at); skew > h.maxSkew || skew < -h.maxSkew {
		reason := fmt.Sprintf("triggeredAt %s is more than %s away from now: refused as a possible replay (the reconciliation sweep picks up candidates whose deliveries were lost)", at.UTC().Format(time.RFC3339), h.maxSkew)
		// Its signature did verify (it came from Lever): the candidate's
		// log says so.
		if err := h.engine.RecordStaleDelivery(ctx, c.OrgID, sc.OpportunityID, at, h.maxSkew); err != nil {
			h.log.Error("sync log write failed", "err", err)
		}
		h.rejectWebhook(w, r, c, http.StatusUnprocessableEntity, "stale", reason)
		return
	}
	rec := &models.WebhookDelivery{
		OrgID: c.OrgID, ConnectionID: c.ID, Token: d.Token, Event: d.Event, TriggeredAt: d.TriggeredAt,
		OpportunityID: sc.OpportunityID, FromStageID: sc.FromStageID, ToStageID: sc.ToStageID,
		Body: string(body), Status: models.DeliveryReceived,
	}
	names := h.stageNamer(ctx, c.ID)
	result := "accepted"
	received := func(code leversync.Code) *models.SyncEvent {
		ev := leversync.Event(code, "event", d.Event, "from", names(sc.FromStageID), "to", names(sc.ToStageID), "triggered", at.UTC().Format(time.RFC3339))
		ev.OrgID, ev.OpportunityID = c.OrgID, sc.OpportunityID
		return &ev
	}
	ev := received(leversync.CodeDeliveryReceived)
	if d.Event != lever.EventCandidateStageChange {
		e := leversync.Event(leversync.CodeEventReceived, "event", d.Event, "triggered", at.UTC().Format(time.RFC3339))
		e.OrgID, e.OpportunityID = c.OrgID, sc.OpportunityID
		ev = &e
	}
	switch {
	case !c.Enabled:
		rec.Status = models.DeliveryDisabled
		rec.Reason = "Received while the integration was disabled: recorded, not processed."
		ev, result = received(leversync.CodeDeliveryReceivedDisabled), "disabled"
	case cannotLeadToWork(c, rec, active):
		// Recorded and counted (Lever screen, metrics), not queued, and no
		// sync-log line: a busy account sends one for every stage change.
		rec.Status, ev, result = models.DeliveryIgnored, nil, "ignored"
		rec.Reason = fmt.Sprintf("Moved to %s, a stage the integration does not use, with no interview in progress: recorded, not processed.", names(sc.ToStageID))
		if d.Event != lever.EventCandidateStageChange {
			rec.Reason = d.Event + " of a candidate with no interview in progress: recorded, not processed."
		}
	}
	dup, err := h.ingest.Submit(ctx, models.IngestItem{Delivery: rec, Log: ev})
	if err != nil {
		h.webhookUnavailable(w, r, err)
		return
	}
	if dup {
		h.metrics.webhook("duplicate")
		webhookAnswer(w, http.StatusOK, "duplicate delivery: already stored")
		return
	}
	if d.Event == lever.EventCandidateStageChange {
		h.touchWebhook(ctx, c)
	} else {
		h.store.TouchEventWebhook(ctx, c.ID, d.Event, h.now())
	}
	h.metrics.webhook(result)
	webhookAnswer(w, http.StatusOK, result)
}

// cannotLeadToWork decides at ingest, without a job, whether a delivery of
// an enabled connection can be ignored: a stage change into a stage that
// is none of the five mapped ones (so neither a pickup nor an echo of our
// own move), or an archive change or deletion, of a candidate with no
// interview in progress (active: whose leaving, archiving or deletion
// would matter).
func cannotLeadToWork(c *models.LeverConnection, d *models.WebhookDelivery, active bool) bool {
	m := c.Mapping()
	if (d.Event == lever.EventCandidateArchiveChange || d.Event == lever.EventCandidateDeleted) && d.OpportunityID != "" {
		// Archived or deleted: it matters only to an interview in progress.
		return !active && c.Enabled
	}
	if active || !c.Enabled || d.Event != lever.EventCandidateStageChange || d.OpportunityID == "" || d.ToStageID == "" || !m.Complete() {
		return false
	}
	for _, f := range m.Fields() {
		if f[2] == d.ToStageID {
			return false
		}
	}
	return true
}

// touchWebhook records the time of the last verified delivery, at most
// every touchEvery per connection: every delivery updating one row would
// serialise the receiver on that row's lock.
func (h *Handler) touchWebhook(ctx context.Context, c *models.LeverConnection) {
	now := h.now()
	if c.LastWebhookAt != nil && now.Sub(*c.LastWebhookAt) < touchEvery {
		return
	}
	h.store.TouchWebhook(ctx, c.ID, now)
}

const touchEvery = 5 * time.Second

// stageNamer returns a function giving `"Name" (id)` for a cached Lever
// stage, the bare id when unknown, or "-" when empty. The names are read at
// most once per second per connection (they are only for log messages).
func (h *Handler) stageNamer(ctx context.Context, connID string) func(id string) string {
	text := h.stageCache.get(connID, func() map[string]string {
		out := map[string]string{}
		if stages, err := h.store.Stages(ctx, connID); err == nil {
			for _, st := range stages {
				out[st.ID] = st.Text
			}
		}
		return out
	})
	return func(id string) string {
		switch {
		case id == "":
			return "-"
		case text[id] != "":
			return fmt.Sprintf("%q (%s)", text[id], id)
		}
		return id
	}
}

// namesCache keeps each connection's stage names for a second.
type namesCache struct {
	mu sync.Mutex
	m  map[string]namesEntry
}

type namesEntry struct {
	at    time.Time
	names map[string]string
}

func (nc *namesCache) get(key string, load func() map[string]string) map[string]string {
	nc.mu.Lock()
	e, ok := nc.m[key]
	nc.mu.Unlock()
	if ok && time.Since(e.at) < time.Second {
		return e.names
	}
	names := load()
	nc.mu.Lock()
	if nc.m == nil {
		nc.m = map[string]namesEntry{}
	}
	nc.m[key] = namesEntry{at: time.Now(), names: names}
	nc.mu.Unlock()
	return names
}

// rejectWebhook answers a refused delivery with its reason and counts it:
// the Prometheus counter lever_webhooks_total{result="rejected_<code>"} and
// the connection's counter shown on the Lever screen. Only a stale delivery,
// whose signature did verify (it came from Lever), also gets a sync-log row
// for its candidate (written by the caller); unsigned or unreadable ones
// never write the log, so a flood of them cannot fill it.
func (h *Handler) rejectWebhook(w http.ResponseWriter, r *http.Request, c *models.LeverConnection, status int, code, reason string) {
	h.metrics.webhook("rejected_" + code)
	if err := h.store.CountWebhookRejection(r.Context(), c.OrgID, c.ID, code, reason); err != nil {
		h.log.Error("webhook rejection not counted", "err", err)
	}
	h.log.Warn("webhook rejected", "org", c.OrgID, "code", code, "reason", reason)
	webhookAnswer(w, status, reason)
}

// webhookUnavailable answers 503 so that Lever retries: nothing was stored.
func (h *Handler) webhookUnavailable(w http.ResponseWriter, r *http.Request, err error) {
	h.metrics.webhook("unavailable")
	h.log.Error("webhook not stored", "err", err, "path", redactPath(r.URL.Path))
	webhookAnswer(w, http.StatusServiceUnavailable, "temporarily unable to store the delivery; retry later")
}

func webhookAnswer(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	key := "status"
	if status >= 300 {
		key = "error"
	}
	json.NewEncoder(w).Encode(map[string]string{key: msg})
}
